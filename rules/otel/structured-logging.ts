import { ts } from '#ts';
import { defineRule, type RuleContext } from '../../src/engine/rule.js';
import { LEVEL_NAMES, LOG_METHODS, LOGGER_FIELDS, LOGGER_KIND_NAMES, LOGGER_NAME, loggerOf, UNKNOWN_LOGGER, type LoggerStyle } from '../../src/analysis/loggers.js';
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
        const fix = style.fields ? structuredFix(ctx, node, message, style.fields) : undefined;
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

/** The fix for each logger form, chosen across files by the kind the import resolves to. */
function fixesByKind(ctx: RuleContext, call: ts.CallExpression, message: ts.Expression, ref: BindingRef) {
  const forms = [...new Set(Object.values(LOGGER_FIELDS))];
  const fixes = forms.map((form) => structuredFix(ctx, call, message, form));
  const kinds: Record<string, number> = {};
  for (const [kind, form] of Object.entries(LOGGER_FIELDS)) {
    const i = forms.indexOf(form);
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
 * only the message argument (and a merge object's closing brace). None where the message is not an argument
 * of the call (a `const` elsewhere), where other arguments would change meaning (printf-style values, a
 * merge object that is not a literal), or where the message cannot be rewritten exactly.
 */
function structuredFix(ctx: RuleContext, call: ts.CallExpression, message: ts.Expression, where: NonNullable<LoggerStyle['fields']>) {
  const args = call.arguments;
  const i = args.indexOf(message);
  if (i < 0) return undefined;
  const merge = where === 'before' && i === 1 && args.length === 2 && isObjectLiteralExpression(args[0]!) ? args[0] : undefined;
  const taken = new Set(merge ? merge.properties.flatMap((p) => (p.name && (isIdentifier(p.name) || isStringLiteral(p.name)) ? [p.name.text] : [])) : []);
  const template = messageTemplate(message, (n) => ctx.text(n), taken);
  if (!template) return undefined;
  const text = quoted(template.message, fileQuote(ctx.sourceFile));
  const fields = template.fields.length ? fieldsObject(template.fields) : undefined;
  const replace = (t: string) => ({ start: message.getStart(ctx.sourceFile), end: message.getEnd(), text: t });
  if (where === 'before') {
    if (merge) {
      if (!fields) return [replace(text)];
      const props = merge.properties;
      const insert = props.length ? { start: props[props.length - 1]!.getEnd(), end: props[props.length - 1]!.getEnd(), text: `, ${fields.slice(2, -2)}` } : { start: merge.getStart(ctx.sourceFile), end: merge.getEnd(), text: fields };
      return [insert, replace(text)];
    }
    return i === 0 && args.length === 1 ? [replace(fields ? `${fields}, ${text}` : text)] : undefined;
  }
  if (where === 'after') {
    const levelFirst = i === 1 && isStringLiteral(args[0]!) && LEVEL_NAMES.has(args[0].text);
    return (i === 0 || levelFirst) && i === args.length - 1 ? [replace(fields ? `${text}, ${fields}` : text)] : undefined;
  }
  // NestJS Logger: one object with the message (a context string after it stays).
  return i === 0 && args.length <= 2 ? [replace(fields ? `{ message: ${text}, ${fields.slice(2, -2)} }` : text)] : undefined;
}

/** How the message is built, when it is built from parts at all. */
function interpolation(e: ts.Expression): string | undefined {
  e = unwrap(e);
  if (isTemplateExpression(e)) return 'template-literal substitution';
  if (isStringRaw(e) && isTemplateExpression(e.template)) return 'String.raw substitution';
  if (isBinaryExpression(e) && e.operatorToken.kind === PLUS) return 'string concatenation';
  return undefined;
}
