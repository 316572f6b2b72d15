import { ts } from '#ts';
import { defineRule, type RuleContext } from '../../src/engine/rule.js';
import { LEVEL_NAMES, LOG_METHODS, LOGGER_FORMS, LOGGER_KIND_NAMES, LOGGER_NAME, loggerOf, UNKNOWN_LOGGER, type LoggerForm, type LoggerStyle } from '../../src/analysis/loggers.js';
import { fieldsObject, fileQuote, messageTemplate, quoted } from '../../src/analysis/message-template.js';
import { OUTER_TYPES, constness, declarationOf, isConstDeclaration, isStringRaw, receiverOrigin, skipOuterExpressions } from '../../src/analysis/semantic.js';
import type { BindingRef } from '../../src/types.js';

// Hoisted: `ts.X` on the bundled compiler is a getter on a dictionary-mode object (about 10 ns a use), and these run per call or node.
const { isBinaryExpression, isIdentifier, isNoSubstitutionTemplateLiteral, isObjectLiteralExpression, isPropertyAccessExpression, isStringLiteral, isTemplateExpression, isVariableDeclaration } = ts;
const PLUS = ts.SyntaxKind.PlusToken;
const unwrap = (e: ts.Expression) => skipOuterExpressions(e, OUTER_TYPES);

export default defineRule({
  meta: {
    id: 'otel/structured-logging',
    pillar: 'otel',
    description: 'Log messages are constant; variable data goes into structured fields, not into the message text.',
    defaultSeverity: 'error',
    messages: {
      interpolated: '{{call}}(…) builds its message by {{how}}',
    },
    help: 'Keep the log message a constant string and pass the variable data as structured fields, in the form the logger takes.',
    // Each finding's help names its logger's form (pino's merge object first, winston's metadata last, …).
    findingHelp: { interpolated: 'For {{family}}, {{fix}}.' },
  },
  create(ctx) {
    return {
      CallExpression(node: ts.CallExpression) {
        const callee = unwrap(node.expression);
        if (!isPropertyAccessExpression(callee) || !LOG_METHODS.has(callee.name.text)) return;
        const logger = loggerOfReceiver(ctx, callee.expression);
        if (!logger) return;
        const { style, onlyIfKind } = logger;
        const message = messageArgument(node, callee.name.text);
        if (!message) return;
        const how = interpolation(message);
        if (!how) return;
        const c = constness(ctx, message);
        if (c.constant && !c.imports.length) return;
        const fix = style.fields ? structuredFix(ctx, node, message, { fields: style.fields, ...(style.extra ? { extra: style.extra } : {}) }) : undefined;
        // A logger imported from a module of the project: its form is known across files.
        const fixByKind = !fix && logger.imported ? fixesByKind(ctx, node, message, logger.imported) : undefined;
        ctx.report(
          node,
          'interpolated',
          { call: ctx.text(callee).replace(/\s+/g, ''), how, family: style.family, fix: style.structured },
          { ...(c.constant ? { unlessConstant: c.imports } : {}), ...(onlyIfKind ? { onlyIfKind } : {}), ...(fix ? { fix } : {}), ...(fixByKind ? { fixByKind } : {}) },
        );
      },
    };
  },
});

/**
 * A logger by origin (library model); by name when the origin is unknown; and an import of unknown kind
 * whatever its name, kept only if cross-file analysis finds a logger behind it (`export const log = pino()`).
 */
function loggerOfReceiver(
  ctx: RuleContext,
  receiver: ts.Expression,
): { style: LoggerStyle; onlyIfKind?: { ref: BindingRef; kinds: string[] }; imported?: BindingRef } | undefined {
  const origin = receiverOrigin(ctx, receiver, LOGGER_NAME, true);
  // `const logger = getLogger('audit')` at module level, the function imported: what it holds is decided across files.
  const local = (!origin || ('byName' in origin && !origin.imported)) && moduleConst(receiver);
  if (local) {
    const ref: BindingRef = { kind: 'local', name: local };
    if (origin) return { style: UNKNOWN_LOGGER, imported: ref };
    return { style: UNKNOWN_LOGGER, onlyIfKind: { ref, kinds: LOGGER_KIND_NAMES }, imported: ref };
  }
  if (!origin) return undefined;
  if ('kind' in origin) {
    const style = loggerOf(origin.kind);
    return style && { style };
  }
  // Trusted by its name, it is reported whatever it is; when it is also an import, what it is is still found
  // across files, for the fix.
  if ('byName' in origin) return { style: UNKNOWN_LOGGER, ...(origin.imported ? { imported: origin.imported } : {}) };
  return { style: UNKNOWN_LOGGER, onlyIfKind: { ref: origin.imported, kinds: LOGGER_KIND_NAMES }, imported: origin.imported };
}

/** The name of a `const` declared at the top level of the file with an initializer, when `e` is one. */
function moduleConst(e: ts.Expression): string | undefined {
  const id = unwrap(e);
  if (!isIdentifier(id)) return undefined;
  const decl = declarationOf(id);
  return decl && isVariableDeclaration(decl) && isConstDeclaration(decl) && decl.initializer && ts.isSourceFile(decl.parent.parent.parent) ? id.text : undefined;
}

/** The fix for each logger form, chosen across files by the kind the import resolves to. */
function fixesByKind(ctx: RuleContext, call: ts.CallExpression, message: ts.Expression, ref: BindingRef) {
  // A value a project function made (`const logger = getLogger('audit')`) is often typed by that function's
  // declared return type, a narrower interface than the library's: no child logger, whose method it may lack.
  const viaFactory = ref.kind === 'local';
  const forms = new Map(Object.values(LOGGER_FORMS).map((f) => [f.key, viaFactory && f.form.extra === 'child' ? { fields: f.form.fields } : f.form]));
  const keys = [...forms.keys()];
  const fixes = keys.map((key) => structuredFix(ctx, call, message, forms.get(key)!));
  const kinds: Record<string, number> = {};
  for (const [kind, { key }] of Object.entries(LOGGER_FORMS)) {
    const i = keys.indexOf(key);
    if (fixes[i]) kinds[kind] = i;
  }
  return Object.keys(kinds).length ? { ref, kinds, fixes: fixes.map((f) => f ?? []) } : undefined;
}

function isStringish(e: ts.Expression): boolean {
  e = unwrap(e);
  if (isStringLiteral(e) || isTemplateExpression(e) || isNoSubstitutionTemplateLiteral(e) || isStringRaw(e)) return true;
  return isBinaryExpression(e) && e.operatorToken.kind === PLUS && (isStringish(e.left) || isStringish(e.right));
}

/**
 * The message: the first string-like argument. That is the first argument for most loggers, the second
 * after a merge object for pino and bunyan (`logger.info({ id }, 'msg')`), and the one after the level
 * in `logger.log('info', 'msg')`.
 */
function messageArgument(call: ts.CallExpression, method: string): ts.Expression | undefined {
  const args = call.arguments.slice(0, 2).map(throughConst);
  const first = args[0] && unwrap(args[0]);
  if (method === 'log' && first && isStringLiteral(first) && LEVEL_NAMES.has(first.text)) return args[1];
  return args.find(isStringish);
}

/** `const message = `…`; logger.info(message)`: judge the initializer of a `const` message variable. */
function throughConst(arg: ts.Expression): ts.Expression {
  const e = unwrap(arg);
  if (!isIdentifier(e)) return arg;
  const decl = declarationOf(e);
  return decl && isVariableDeclaration(decl) && isConstDeclaration(decl) && decl.initializer && isStringish(decl.initializer) ? decl.initializer : arg;
}

/**
 * The call rewritten with a constant message template and its fields where the logger takes them, touching
 * only the message argument (and a merge object's braces, or the receiver for a child logger). None where the
 * message is not an argument of the call (a `const` elsewhere), where other arguments would change meaning
 * and the logger has no way around them, or where the message cannot be rewritten exactly.
 *
 * Other arguments after the message: an object literal right after it (winston's metadata) takes the fields
 * first (its own keys win, and the fields' names avoid them); otherwise a logger with child loggers gets the
 * fields as the child's bindings, the arguments left as they were (`logger.child({ id }).error('failed {id}',
 * err)`: winston still appends the Error's message and stack, pino its own handling), and console or log4js
 * an object right after the message, the rest printed after it as before.
 */
function structuredFix(ctx: RuleContext, call: ts.CallExpression, message: ts.Expression, form: LoggerForm) {
  const args = call.arguments;
  const i = args.indexOf(message);
  if (i < 0) return undefined;
  const sf = ctx.sourceFile;
  const levelFirst = i === 1 && isStringLiteral(args[0]!) && LEVEL_NAMES.has(args[0].text);
  const after = args.slice(i + 1);
  const mergeBefore = form.fields === 'before' && i === 1 && args.length === 2 && isObjectLiteralExpression(args[0]!) ? args[0] : undefined;
  const mergeAfter = form.fields === 'after' && (i === 0 || levelFirst) && after.length === 1 && isObjectLiteralExpression(after[0]!) ? after[0] : undefined;
  const merge = mergeBefore ?? mergeAfter;
  const taken = new Set(merge ? merge.properties.flatMap((p) => (p.name && (isIdentifier(p.name) || isStringLiteral(p.name)) ? [p.name.text] : [])) : []);
  const template = messageTemplate(message, (n) => ctx.text(n), taken);
  if (!template) return undefined;
  const text = quoted(template.message, fileQuote(sf));
  const fields = template.fields.length ? fieldsObject(template.fields) : undefined;
  const replace = (t: string) => ({ start: message.getStart(sf), end: message.getEnd(), text: t });
  if (!fields) return [replace(text)];
  const inner = fields.slice(2, -2);
  if (merge) {
    const props = merge.properties;
    if (!props.length) return [{ start: merge.getStart(sf), end: merge.getEnd(), text: fields }, replace(text)];
    // pino's merge object takes the fields last (as before); winston's metadata first, so its own keys win.
    const insert = mergeBefore
      ? { start: props[props.length - 1]!.getEnd(), end: props[props.length - 1]!.getEnd(), text: `, ${inner}` }
      : { start: props[0]!.getStart(sf), end: props[0]!.getStart(sf), text: `${inner}, ` };
    return mergeBefore ? [insert, replace(text)] : [replace(text), insert];
  }
  const lone = i === args.length - 1;
  if (form.fields === 'before' && i === 0 && lone) return [replace(`${fields}, ${text}`)];
  if (form.fields === 'after' && (i === 0 || levelFirst) && lone) return [replace(`${text}, ${fields}`)];
  // NestJS Logger: one object with the message (a context string after it stays).
  if (form.fields === 'message-object') return i === 0 && args.length <= 2 ? [replace(`{ message: ${text}, ${inner} }`)] : undefined;
  if (form.extra === 'keep' && (i === 0 || levelFirst)) return [replace(`${text}, ${fields}`)];
  if (form.extra === 'child') {
    const callee = unwrap(call.expression);
    if (!isPropertyAccessExpression(callee)) return undefined;
    const at = callee.expression.getEnd();
    return [{ start: at, end: at, text: `${callee.questionDotToken ? '?.' : '.'}child(${fields})` }, replace(text)];
  }
  return undefined;
}

/** How the message is built, when it is built from parts at all. */
function interpolation(e: ts.Expression): string | undefined {
  e = unwrap(e);
  if (isTemplateExpression(e)) return 'template-literal substitution';
  if (isStringRaw(e) && isTemplateExpression(e.template)) return 'String.raw substitution';
  if (isBinaryExpression(e) && e.operatorToken.kind === PLUS) return 'string concatenation';
  return undefined;
}
