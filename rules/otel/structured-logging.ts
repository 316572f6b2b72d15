import { ts } from '#ts';
import { defineRule, type RuleContext } from '../../src/engine/rule.js';
import { LEVEL_NAMES, LOG_METHODS, LOGGER_KIND_NAMES, loggerOf, UNKNOWN_LOGGER, type LoggerStyle } from '../../src/analysis/loggers.js';
import type { BindingRef } from '../../src/types.js';

// Hoisted: `ts.X` on the bundled compiler is a getter on a dictionary-mode object (about 10 ns a use), and these run per call or node.
const {
  isAsExpression,
  isBigIntLiteral,
  isBinaryExpression,
  isBlock,
  isCaseClause,
  isCatchClause,
  isClassDeclaration,
  isConditionalExpression,
  isDefaultClause,
  isEnumDeclaration,
  isForInStatement,
  isForOfStatement,
  isForStatement,
  isFunctionDeclaration,
  isFunctionLike,
  isIdentifier,
  isModuleBlock,
  isNoSubstitutionTemplateLiteral,
  isNonNullExpression,
  isNumericLiteral,
  isOmittedExpression,
  isParenthesizedExpression,
  isPropertyAccessExpression,
  isSatisfiesExpression,
  isSourceFile,
  isStringLiteral,
  isTaggedTemplateExpression,
  isTemplateExpression,
  isVariableDeclaration,
  isVariableDeclarationList,
  isVariableStatement,
} = ts;

/** Receivers trusted by name when their origin is unknown (SPEC: "receivers named logger / log"). */
const LOGGER_NAME = /^[_#]?(logger|log|[a-z]\w*Logger)$/;

/** Whether a value is constant: yes, no, or "yes if these imports are constants" (decided across files). */
type Constness = { constant: false } | { constant: true; imports: BindingRef[] };
const NOT_CONSTANT: Constness = { constant: false };

export default defineRule({
  meta: {
    id: 'otel/structured-logging',
    pillar: 'otel',
    description: 'Log messages are constant; variable data goes into structured fields, not into the message text.',
    defaultSeverity: 'error',
    requiresTypeChecking: false,
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
        ctx.reportAt(
          node,
          'interpolated',
          { call: ctx.text(callee).replace(/\s+/g, ''), how, family: style.family, fix: style.structured },
          { ...(c.constant ? { unlessConstant: c.imports } : {}), ...(onlyIfKind ? { onlyIfKind } : {}) },
        );
      },
    };
  },
});

function unwrap(e: ts.Expression): ts.Expression {
  while (isParenthesizedExpression(e) || isAsExpression(e) || isNonNullExpression(e) || isSatisfiesExpression(e)) e = e.expression;
  return e;
}

/**
 * A logger by origin (library model); by name when the origin is unknown; and an import of unknown kind
 * whatever its name, kept only if cross-file analysis finds a logger behind it (`export const log = pino()`).
 */
function loggerOfReceiver(ctx: RuleContext, receiver: ts.Expression): { style: LoggerStyle; onlyIfKind?: { ref: BindingRef; kinds: string[] } } | undefined {
  const kind = ctx.kindOf(receiver);
  if (kind) {
    const style = loggerOf(kind);
    return style && { style };
  }
  const r = unwrap(receiver);
  const name = isIdentifier(r) ? r.text : isPropertyAccessExpression(r) ? r.name.text : undefined;
  if (name && LOGGER_NAME.test(name)) return { style: UNKNOWN_LOGGER };
  const imp = isIdentifier(r) && !declarationOf(r) ? ctx.summary.imports[r.text] : undefined;
  return imp ? { style: UNKNOWN_LOGGER, onlyIfKind: { ref: { kind: 'import', specifier: imp.specifier, name: imp.name }, kinds: LOGGER_KIND_NAMES } } : undefined;
}

function isStringRaw(e: ts.Node): e is ts.TaggedTemplateExpression {
  if (!isTaggedTemplateExpression(e)) return false;
  const tag = e.tag;
  return isPropertyAccessExpression(tag) && isIdentifier(tag.expression) && tag.expression.text === 'String' && tag.name.text === 'raw';
}

function isStringish(e: ts.Expression): boolean {
  e = unwrap(e);
  if (isStringLiteral(e) || isTemplateExpression(e) || isNoSubstitutionTemplateLiteral(e) || isStringRaw(e)) return true;
  return isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken && (isStringish(e.left) || isStringish(e.right));
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

function isConstDeclaration(decl: ts.VariableDeclaration): boolean {
  return isVariableDeclarationList(decl.parent) && (decl.parent.flags & ts.NodeFlags.BlockScoped) === ts.NodeFlags.Const;
}

/** How the message is built, when it is built from parts at all. */
function interpolation(e: ts.Expression): string | undefined {
  e = unwrap(e);
  if (isTemplateExpression(e)) return 'template-literal substitution';
  if (isStringRaw(e) && isTemplateExpression(e.template)) return 'String.raw substitution';
  if (isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return 'string concatenation';
  return undefined;
}

function constness(ctx: RuleContext, e: ts.Expression, depth = 0): Constness {
  if (depth > 8) return NOT_CONSTANT;
  e = unwrap(e);
  if (isStringLiteral(e) || isNoSubstitutionTemplateLiteral(e) || isNumericLiteral(e) || isBigIntLiteral(e)) return { constant: true, imports: [] };
  if (e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword || e.kind === ts.SyntaxKind.NullKeyword) return { constant: true, imports: [] };
  if (isTemplateExpression(e)) return all(e.templateSpans.map((s) => constness(ctx, s.expression, depth + 1)));
  if (isStringRaw(e)) return isTemplateExpression(e.template) ? constness(ctx, e.template, depth + 1) : { constant: true, imports: [] };
  if (isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    return all([constness(ctx, e.left, depth + 1), constness(ctx, e.right, depth + 1)]);
  }
  // `${ok ? 'passed' : 'failed'}`: one of a fixed set of messages, whatever the condition.
  if (isConditionalExpression(e)) return all([constness(ctx, e.whenTrue, depth + 1), constness(ctx, e.whenFalse, depth + 1)]);
  if (isIdentifier(e)) return identifierConstness(ctx, e, depth);
  // `Level.Info` on an enum of this file, a class's `name`; `messages.CREATED` on a namespace import (decided across files).
  if (isPropertyAccessExpression(e) && isIdentifier(e.expression)) {
    const decl = declarationOf(e.expression);
    // `OrdersService.name` is the class's own name: fixed at build time.
    if (decl) return isEnumDeclaration(decl) || (isClassDeclaration(decl) && e.name.text === 'name') ? { constant: true, imports: [] } : NOT_CONSTANT;
    const imp = ctx.summary.imports[e.expression.text];
    return imp?.name === '*' ? { constant: true, imports: [{ kind: 'import', specifier: imp.specifier, name: e.name.text }] } : NOT_CONSTANT;
  }
  return NOT_CONSTANT;
}

function all(parts: Constness[]): Constness {
  const imports: BindingRef[] = [];
  for (const p of parts) {
    if (!p.constant) return NOT_CONSTANT;
    imports.push(...p.imports);
  }
  return { constant: true, imports };
}

/** A `const` with a constant initializer in scope, or an import (decided across files), else not constant. */
function identifierConstness(ctx: RuleContext, id: ts.Identifier, depth: number): Constness {
  const decl = declarationOf(id);
  if (decl && isVariableDeclaration(decl)) {
    return isConstDeclaration(decl) && decl.initializer ? constness(ctx, decl.initializer, depth + 1) : NOT_CONSTANT;
  }
  if (decl) return NOT_CONSTANT;
  const imp = ctx.summary.imports[id.text];
  return imp ? { constant: true, imports: [{ kind: 'import', specifier: imp.specifier, name: imp.name }] } : NOT_CONSTANT;
}

/**
 * The nearest declaration of a name in lexical scope, found syntactically: variables, enums, classes and
 * functions of enclosing blocks, and parameters of enclosing functions. Undefined for imports and globals.
 */
function declarationOf(id: ts.Identifier): ts.Node | undefined {
  const name = id.text;
  for (let n: ts.Node = id; n.parent; n = n.parent) {
    const p = n.parent;
    if (isFunctionLike(p)) {
      for (const param of p.parameters) if (binds(param.name, name)) return param;
    }
    if (isCatchClause(p) && p.variableDeclaration && binds(p.variableDeclaration.name, name)) return p.variableDeclaration;
    if ((isForOfStatement(p) || isForInStatement(p) || isForStatement(p)) && p.initializer && isVariableDeclarationList(p.initializer)) {
      for (const d of p.initializer.declarations) if (binds(d.name, name)) return d;
    }
    const statements = isBlock(p) || isSourceFile(p) || isModuleBlock(p) || isCaseClause(p) || isDefaultClause(p) ? p.statements : undefined;
    for (const st of statements ?? []) {
      if (isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) if (binds(d.name, name)) return isIdentifier(d.name) ? d : d.name;
      } else if ((isEnumDeclaration(st) || isClassDeclaration(st) || isFunctionDeclaration(st)) && st.name?.text === name) return st;
    }
  }
  return undefined;
}

function binds(b: ts.BindingName, name: string): boolean {
  if (isIdentifier(b)) return b.text === name;
  return b.elements.some((el) => !isOmittedExpression(el) && binds(el.name, name));
}
