// What the Nitro (file routes) and h3 (explicit routers) adapters share: which calls build an h3 event
// handler, and what such a handler runs. Not an adapter itself.
import { ts } from '#ts';
import type { ScanContext } from '../analysis/plugin.js';
import type { CallRef, CoverageRef } from '../types.js';

// Hoisted: `ts.X` on the bundled compiler is a getter on a dictionary-mode object (about 10 ns a use).
const {
  isArrayLiteralExpression,
  isArrowFunction,
  isCallExpression,
  isFunctionDeclaration,
  isFunctionExpression,
  isIdentifier,
  isMethodDeclaration,
  isObjectBindingPattern,
  isObjectLiteralExpression,
  isPropertyAssignment,
  isShorthandPropertyAssignment,
  isStringLiteral,
} = ts;

/** h3 / Nitro functions that turn a function into an event handler (Nitro auto-imports them). */
const DEFINERS = new Set([
  'defineEventHandler',
  'eventHandler',
  'defineCachedEventHandler',
  'cachedEventHandler',
  'defineLazyEventHandler',
  'lazyEventHandler',
  'defineHandler',
  'defineMiddleware',
  'fromNodeMiddleware',
  'fromWebHandler',
  'defineNodeListener',
]);
/** Handlers that are not HTTP request handlers (WebSocket peers: open / message / close). */
const NOT_HTTP = new Set(['defineWebSocketHandler', 'defineWebSocket']);
/** Packages a definer may be imported from; any other import of that name is the project's own function. */
const DEFINER_SOURCES = /^(?:h3|h3-nightly|nitropack(?:\/.*)?|nitro(?:\/.*)?|#imports|nuxt(?:\/.*)?|#app)$/;
/** Object-form handler hooks that run with the handler for every request. */
const HANDLER_HOOKS = ['onRequest', 'onBeforeResponse'];

/** The name a callee is known by: its import name when imported from an h3 / Nitro package, its own name when not imported at all (a Nitro auto-import). */
export function definerName(ctx: ScanContext, callee: ts.Expression): string | undefined {
  if (!isIdentifier(callee)) return undefined;
  const imp = ctx.summary.imports[callee.text];
  if (!imp) return callee.text;
  return DEFINER_SOURCES.test(imp.specifier) ? imp.name : undefined;
}

export interface EventHandler {
  handlers: CallRef[];
  /** Object-form `onRequest` / `onBeforeResponse` hooks. */
  hooks: CoverageRef[];
  /** The handler function, when inline: where to report. */
  at?: ts.Node;
}

/**
 * What an expression runs when it is an h3 event handler: a definer call (`defineEventHandler(fn)`, the
 * object form `defineEventHandler({ onRequest, handler })`), or a wrapper around one
 * (`withAuth(defineEventHandler(fn))`). With `anyCall` (a Nitro `server/` route file, whose default export
 * is always a handler) any other call counts too: a project wrapper (`defineAuthedHandler(fn)`, imported
 * or auto-imported from `server/utils`) is followed when it can be, else the functions given to it. A call
 * through another package (`express.Router()`, `Router()` from express) is never a handler.
 */
export function eventHandler(ctx: ScanContext, value: ts.Expression, anyCall: boolean, depth = 0): EventHandler | undefined {
  if (!isCallExpression(value) || depth > 3) return undefined;
  const callee = value.expression;
  const name = definerName(ctx, callee);
  if (name && NOT_HTTP.has(name)) return undefined;
  const arg = value.arguments[0];
  if (name && DEFINERS.has(name)) {
    if (arg && isObjectLiteralExpression(arg)) return objectForm(ctx, arg);
    if (arg && isCallExpression(arg)) return eventHandler(ctx, arg, anyCall, depth + 1);
    const ref = arg && ctx.refOf(arg);
    return ref ? { handlers: [ref], hooks: [], at: isArrowFunction(arg) || isFunctionExpression(arg) ? arg : undefined } : undefined;
  }
  const inner = value.arguments.map((a) => (isCallExpression(a) ? eventHandler(ctx, a, false, depth + 1) : undefined)).find((h) => h);
  if (!anyCall && !inner) return undefined;
  if (!name && !(isIdentifier(callee) && isProjectImport(ctx, callee.text))) return inner;
  const wrapper = ctx.refOf(value);
  if (wrapper) return { handlers: [wrapper], hooks: inner?.hooks ?? [], at: inner?.at };
  if (inner) return inner;
  const fns = value.arguments.filter((a) => isArrowFunction(a) || isFunctionExpression(a) || isIdentifier(a));
  const handlers = fns.map((a) => ctx.refOf(a)).filter((r) => r !== undefined);
  return handlers.length ? { handlers, hooks: [], at: fns.find((a) => !isIdentifier(a)) } : undefined;
}

/**
 * A plain function as an event handler (h3 v2 and Nitro v3 take one; Nitro v2 converts it): no
 * parameter, or one that is the event (`event`, `e`, `_event`, typed `H3Event`) or destructures it
 * (`({ req, url })`). A function of the request and response (`(req, res)`) or of an app
 * (`(app) => app.get(…)`, a route registrar) is another framework's.
 */
export function isEventHandlerFunction(node: ts.Node): boolean {
  if (!isArrowFunction(node) && !isFunctionExpression(node) && !isFunctionDeclaration(node)) return false;
  const ps = node.parameters;
  if (ps.length === 0) return true;
  if (ps.length > 1) return false;
  const p = ps[0];
  if (isObjectBindingPattern(p.name)) return true;
  if (isIdentifier(p.name) && /^_?(?:event|evt|ev|e)$/.test(p.name.text)) return true;
  return p.type !== undefined && /\b(?:H3Event|HTTPEvent)\b/.test(p.type.getText());
}

/** Whether the file imports an h3 or Nitro package. */
export function importsH3(ctx: ScanContext): boolean {
  for (const s of ctx.importSpecifiers) if (DEFINER_SOURCES.test(s) && s !== '#imports' && s !== '#app' && !s.startsWith('nuxt')) return true;
  return false;
}

/** An import from the project itself (relative, or an alias such as `~/server/utils`), not from a package. */
function isProjectImport(ctx: ScanContext, local: string): boolean {
  const spec = ctx.summary.imports[local]?.specifier;
  return spec !== undefined && /^(?:\.|~|@\/|@@\/|#)/.test(spec);
}

/** `defineEventHandler({ onRequest: [auth], handler, onBeforeResponse })`. */
function objectForm(ctx: ScanContext, obj: ts.ObjectLiteralExpression): EventHandler | undefined {
  let handler: CallRef | undefined;
  let at: ts.Node | undefined;
  const hooks: CoverageRef[] = [];
  for (const p of obj.properties) {
    const key = p.name && (isIdentifier(p.name) || isStringLiteral(p.name)) ? p.name.text : undefined;
    if (!key) continue;
    const values: ts.Expression[] = [];
    if (isPropertyAssignment(p)) values.push(...(isArrayLiteralExpression(p.initializer) ? p.initializer.elements : [p.initializer]));
    else if (isShorthandPropertyAssignment(p)) values.push(p.name);
    if (key === 'handler') {
      if (isMethodDeclaration(p)) {
        handler = { kind: 'fn', id: ctx.fnId(p) };
        at = p;
      } else if (values[0]) {
        handler = ctx.refOf(values[0]);
        at = isArrowFunction(values[0]) || isFunctionExpression(values[0]) ? values[0] : undefined;
      }
    } else if (HANDLER_HOOKS.includes(key)) {
      for (const v of values) {
        const ref = ctx.refOf(v);
        if (ref) hooks.push({ via: key, ref, text: `${key}: ${ctx.text(v).slice(0, 60)}`, line: ctx.span(v).line });
      }
    }
  }
  return handler ? { handlers: [handler], hooks, at } : undefined;
}
