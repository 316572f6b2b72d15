// What the GraphQL adapters share (not an adapter itself): the operation types whose fields are entry
// points, reading option objects, and server plugins as coverage references.
import { ts } from '#ts';
import type { ScanContext } from '../analysis/plugin.js';
import type { CallRef } from '../types.js';
import { OUTER_VALUE, skipOuterExpressions } from '../analysis/semantic.js';

const {
  isArrayLiteralExpression,
  isArrowFunction,
  isFunctionExpression,
  isIdentifier,
  isMethodDeclaration,
  isNewExpression,
  isNoSubstitutionTemplateLiteral,
  isObjectLiteralExpression,
  isPropertyAssignment,
  isShorthandPropertyAssignment,
  isSpreadElement,
  isStringLiteral,
  isConditionalExpression,
  isBinaryExpression,
} = ts;

/** The root operation types: their fields are what a client calls. Fields of object types resolve inside an operation. */
export const OPERATION_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/**
 * Per-request hooks of a server plugin: Apollo's `requestDidStart` (the hooks it returns —
 * `executionDidStart`, `willSendResponse`, … — are closures of it and count with it), and envelop / GraphQL
 * Yoga's `on*` hooks. Server start/stop hooks (`serverWillStart`, `onSchemaChange`) run for no operation.
 */
export const REQUEST_HOOKS = [
  'requestDidStart',
  'onRequest',
  'onRequestParse',
  'onParams',
  'onParse',
  'onValidate',
  'onContextBuilding',
  'onExecute',
  'onSubscribe',
  'onExecutionResult',
  'onResultProcess',
  'onResponse',
  'onEnveloped',
  'onPluginInit',
];
const HOOKS = new Set(REQUEST_HOOKS);

export function skipOuter(e: ts.Expression): ts.Expression {
  return skipOuterExpressions(e, OUTER_VALUE);
}

/** A property's name when it is an identifier or a string. */
export function keyOf(p: ts.ObjectLiteralElementLike): string | undefined {
  const n = p.name;
  if (!n) return undefined;
  return isIdentifier(n) || isStringLiteral(n) || isNoSubstitutionTemplateLiteral(n) ? n.text : undefined;
}

/** The value of option `name` in an object literal (`{ name: x }`, `{ name }`), unwrapped. */
export function option(obj: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of obj.properties) {
    if (keyOf(p) !== name) continue;
    if (isPropertyAssignment(p)) return skipOuter(p.initializer);
    if (isShorthandPropertyAssignment(p)) return p.name;
  }
  return undefined;
}

export function stringOption(obj: ts.ObjectLiteralExpression, name: string): string | undefined {
  const v = option(obj, name);
  return v && (isStringLiteral(v) || isNoSubstitutionTemplateLiteral(v)) ? v.text : undefined;
}

export interface PluginRef {
  ref: CallRef;
  text: string;
  line: number;
}

/**
 * What runs per request for each plugin of a `plugins: […]` list: an inline plugin object's request hooks;
 * a plugin built by a call (`useTracing()`, `tracingPlugin({ … })`: the factory and the hooks it returns);
 * an instance (`new TracingPlugin()`: its hook methods); a name (`tracingPlugin`, here or imported): the
 * value itself when it is built by a call, else its hook members. Conditional entries
 * (`isProd ? a : b`) give both sides. Library plugins (`useOpenTelemetry()`, `ApolloServerPluginUsageReporting()`)
 * resolve to no project code and never emit.
 */
export function pluginRefs(ctx: ScanContext, list: ts.Expression, locals?: ReadonlyMap<string, ts.Expression>, depth = 0): PluginRef[] {
  const e = skipOuter(list);
  if (depth > 4) return [];
  if (isArrayLiteralExpression(e)) {
    return e.elements.flatMap((el) => (isSpreadElement(el) ? pluginRefs(ctx, el.expression, locals, depth + 1) : plugin(ctx, el, locals, depth)));
  }
  const local = isIdentifier(e) ? locals?.get(e.text) : undefined;
  if (local) return pluginRefs(ctx, local, locals, depth + 1);
  return [];
}

function plugin(ctx: ScanContext, el: ts.Expression, locals: ReadonlyMap<string, ts.Expression> | undefined, depth: number): PluginRef[] {
  const e = skipOuter(el);
  const text = ctx.text(e).replace(/\s+/g, ' ').slice(0, 60);
  const line = ctx.span(e).line;
  if (isConditionalExpression(e)) return [...plugin(ctx, e.whenTrue, locals, depth), ...plugin(ctx, e.whenFalse, locals, depth)];
  if (isBinaryExpression(e)) return plugin(ctx, e.right, locals, depth);
  if (isObjectLiteralExpression(e)) {
    const out: PluginRef[] = [];
    for (const p of e.properties) {
      const k = keyOf(p);
      if (!k || !HOOKS.has(k)) continue;
      let fn: ts.Node | undefined;
      if (isMethodDeclaration(p)) fn = p;
      else if (isPropertyAssignment(p)) fn = skipOuter(p.initializer);
      if (fn && (isMethodDeclaration(fn) || isArrowFunction(fn) || isFunctionExpression(fn))) out.push({ ref: { kind: 'fn', id: ctx.fnId(fn) }, text: `${k} of ${text}`, line: ctx.span(fn).line });
      else if (fn) {
        const r = ctx.refOf(fn);
        if (r) out.push({ ref: r, text: `${k} of ${text}`, line });
      }
    }
    return out;
  }
  if (isNewExpression(e)) {
    const r = ctx.refOf(e.expression);
    if (r?.kind !== 'binding') return [];
    return REQUEST_HOOKS.map((member) => ({ ref: { kind: 'member', of: r.ref, member, instanceOf: true }, text, line }));
  }
  if (isIdentifier(e) && locals?.has(e.text)) return plugin(ctx, locals.get(e.text)!, locals, depth + 1);
  const r = ctx.refOf(e);
  if (!r) return [];
  if (r.kind !== 'binding') return [{ ref: r, text, line }];
  return [{ ref: r, text, line }, ...REQUEST_HOOKS.map((member) => ({ ref: { kind: 'member' as const, of: r.ref, member }, text, line }))];
}
