// Calls in the walk: emissions and call sites recorded in the enclosing function's summary, calls of a
// function's own parameters (generic helpers), modules loaded by `import()`/`require`, and JSX rendering.
import { ts } from '#ts';
import type { Emission, FunctionSummary } from '../../types.js';
import { append } from './data.js';
import { addLoad } from './declarations.js';
import { kindOf } from './kinds.js';
import { lineOf } from './positions.js';
import { calleeRef, calleeText, callSite, refOf } from './refs.js';
import type { WalkState } from './scopes.js';
import { ASSIGNMENTS, sinkKey, unwrap } from './syntax.js';

// Hoisted once: `ts.X` on the bundled compiler goes through a getter, and these run for every call.
const SK = ts.SyntaxKind;
const {
  isArrowFunction,
  isAsExpression,
  isAwaitExpression,
  isBinaryExpression,
  isCallExpression,
  isFunctionExpression,
  isIdentifier,
  isNoSubstitutionTemplateLiteral,
  isNonNullExpression,
  isParenthesizedExpression,
  isPropertyAccessExpression,
  isReturnStatement,
  isSatisfiesExpression,
  isStringLiteral,
  isVariableDeclaration,
} = ts;

export function onCall(w: WalkState, node: ts.CallExpression): void {
  const fn = w.fnStack[w.fnStack.length - 1];
  const callee = node.expression;
  // `import('./x')` anywhere, `require('./x')` other than a top-level declaration (recorded as an import).
  if ((callee.kind === SK.ImportKeyword || (callee.kind === SK.Identifier && (callee as ts.Identifier).text === 'require')) && node.arguments.length === 1) {
    const arg = node.arguments[0];
    if ((isStringLiteral(arg) || isNoSubstitutionTemplateLiteral(arg)) && !(isVariableDeclaration(node.parent) && w.requireDeclarations.has(node.parent))) addLoad(w, arg.text);
  }
  if (fn && callee.kind === SK.Identifier) {
    const param = w.scopes[w.scopes.length - 1].get((callee as ts.Identifier).text)?.param;
    if (param !== undefined) onParamCall(w, node, fn, param);
  }
  const emission = emissionOf(w, node);
  if (emission) {
    if (fn) fn.emits = append(fn.emits, emission);
    return;
  }
  if (!fn) return;
  const site = callSite(w, node);
  if (site) fn.calls = append(fn.calls, site);
}

/**
 * A call of a parameter of the current function (`factory()`): returned (`return factory()`, `return
 * (instance ??= factory())`), it makes the function a generic helper at once; stored (`cache.set(key,
 * factory())`, `instance = factory()`, `const v = factory()`), it does when the function returns what it
 * was stored in (returnedSink).
 */
function onParamCall(w: WalkState, node: ts.CallExpression, fn: FunctionSummary, param: number): void {
  let c: ts.Node = node;
  let p = c.parent;
  const skip = () => {
    while (p && (isParenthesizedExpression(p) || isAsExpression(p) || isNonNullExpression(p) || isAwaitExpression(p) || isSatisfiesExpression(p))) {
      c = p;
      p = p.parent;
    }
  };
  skip();
  let sink: string | undefined;
  if (isBinaryExpression(p) && p.right === c && ASSIGNMENTS.has(p.operatorToken.kind)) {
    sink = sinkKey(p.left);
    c = p;
    p = p.parent;
    skip();
  } else if (isVariableDeclaration(p) && p.initializer === c && isIdentifier(p.name)) {
    sink = p.name.text;
  } else if (isCallExpression(p) && p.arguments.includes(c as ts.Expression) && isPropertyAccessExpression(p.expression) && p.expression.name.text === 'set') {
    sink = sinkKey(p.expression.expression);
  }
  if (isReturnStatement(p) || (isArrowFunction(p) && p.body === c)) {
    fn.returnsParam ??= param;
    return;
  }
  if (!sink) return;
  const i = w.paramSinks.length - 1;
  const sinks = (w.paramSinks[i] ??= new Map());
  if (!sinks.has(sink)) sinks.set(sink, param);
}

/**
 * Rendering runs code: `<PageViewTracker />` calls that component (its effects on mount), a library
 * component that emits (`<Profiler>`) is an emission, and `onClick={trackCheckout}` hands the user's
 * interaction to that function. Lower-case tags are host elements; inline handlers are closures already.
 */
export function onJsxElement(w: WalkState, node: ts.JsxOpeningElement | ts.JsxSelfClosingElement): void {
  const fn = w.fnStack[w.fnStack.length - 1];
  if (!fn) return;
  const tag = node.tagName;
  const line = lineOf(w, node);
  if (!(isIdentifier(tag) && /^[a-z]/.test(tag.text)) && tag.kind !== SK.ThisKeyword) {
    const k = kindOf(w, tag);
    const family = k ? w.model.emits[k]?.['()'] : undefined;
    const callee = family ? undefined : calleeRef(w, tag);
    if (family) fn.emits = append(fn.emits, { family, api: `<${calleeText(w, tag)}>`, line });
    else if (callee) fn.calls = append(fn.calls, { callee, text: `<${calleeText(w, tag)}>`, line });
  }
  for (const attr of node.attributes.properties) {
    if (attr.kind !== SK.JsxAttribute || !isIdentifier(attr.name) || !/^on[A-Z]/.test(attr.name.text)) continue;
    const init = attr.initializer;
    const value = init && init.kind === SK.JsxExpression ? init.expression : undefined;
    if (!value || isArrowFunction(value) || isFunctionExpression(value)) continue;
    const callee = refOf(w, value);
    if (callee) fn.calls = append(fn.calls, { callee, text: `${attr.name.text}={${calleeText(w, value)}}`, line: lineOf(w, attr) });
  }
}

/** An emission recognised in this file alone: a library kind's emitting member, or a configured emitter. */
function emissionOf(w: WalkState, node: ts.CallExpression): Emission | undefined {
  const callee = unwrap(node.expression);
  let family: string | undefined;
  if (isPropertyAccessExpression(callee)) {
    const k = kindOf(w, callee.expression);
    family = k ? w.model.emits[k]?.[`${callee.name.text}()`] : undefined;
  } else if (isIdentifier(callee)) {
    const k = kindOf(w, callee);
    family = k ? w.model.emits[k]?.['()'] : undefined;
  }
  const configured = w.telemetry.emitters.length > 0 || w.telemetry.wrappers.length > 0;
  if (!family && !configured) return undefined;
  const text = calleeText(w, callee);
  if (!family && (w.telemetry.emitters.some((r) => r.test(text)) || w.telemetry.wrappers.some((r) => r.test(text)))) {
    family = 'config';
  }
  if (!family) return undefined;
  return { family, api: text, line: lineOf(w, node) };
}
