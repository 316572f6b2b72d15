import { ts } from '#ts';
import { defineRule, type RuleContext } from '../../src/engine/rule.js';
import { LEVEL_NAMES, LOG_METHODS, LOGGER_KIND_NAMES, LOGGER_NAME, loggerOf, UNKNOWN_LOGGER, type LoggerStyle } from '../../src/analysis/loggers.js';
import { OUTER_TYPES, constness, declarationOf, isConstDeclaration, isStringRaw, receiverOrigin, skipOuterExpressions } from '../../src/analysis/semantic.js';
import type { BindingRef } from '../../src/types.js';

// Hoisted: `ts.X` on the bundled compiler is a getter on a dictionary-mode object (about 10 ns a use), and these run per call or node.
const { isBinaryExpression, isIdentifier, isNoSubstitutionTemplateLiteral, isPropertyAccessExpression, isStringLiteral, isTemplateExpression, isVariableDeclaration } = ts;
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
        ctx.report(
          node,
          'interpolated',
          { call: ctx.text(callee).replace(/\s+/g, ''), how, family: style.family, fix: style.structured },
          { ...(c.constant ? { unlessConstant: c.imports } : {}), ...(onlyIfKind ? { onlyIfKind } : {}) },
        );
      },
    };
  },
});

/**
 * A logger by origin (library model); by name when the origin is unknown; and an import of unknown kind
 * whatever its name, kept only if cross-file analysis finds a logger behind it (`export const log = pino()`).
 */
function loggerOfReceiver(ctx: RuleContext, receiver: ts.Expression): { style: LoggerStyle; onlyIfKind?: { ref: BindingRef; kinds: string[] } } | undefined {
  const origin = receiverOrigin(ctx, receiver, LOGGER_NAME, true);
  if (!origin) return undefined;
  if ('kind' in origin) {
    const style = loggerOf(origin.kind);
    return style && { style };
  }
  return 'byName' in origin ? { style: UNKNOWN_LOGGER } : { style: UNKNOWN_LOGGER, onlyIfKind: { ref: origin.imported, kinds: LOGGER_KIND_NAMES } };
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

/** How the message is built, when it is built from parts at all. */
function interpolation(e: ts.Expression): string | undefined {
  e = unwrap(e);
  if (isTemplateExpression(e)) return 'template-literal substitution';
  if (isStringRaw(e) && isTemplateExpression(e.template)) return 'String.raw substitution';
  if (isBinaryExpression(e) && e.operatorToken.kind === PLUS) return 'string concatenation';
  return undefined;
}
