// Functions in the walk: a function's summary and scope, opened on entering the function (its parameters
// bound, their kinds inferred), and what it returns, read after its contents.
import { ts } from '#ts';
import type { CallRef, ClassSummary, FunctionSummary } from '../../types.js';
import { NONE, append } from './data.js';
import { kindOf, kindOfType, returnKind } from './kinds.js';
import { fnId, lineOf } from './positions.js';
import { recordProperty } from './classes.js';
import { calleeRef } from './refs.js';
import type { Scope, WalkState } from './scopes.js';
import { bindingNames, decoratorName, decoratorsOf, hasModifier, propName, returnedClass, sinkKey, unwrap } from './syntax.js';

// Hoisted once: `ts.X` on the bundled compiler goes through a getter.
const SK = ts.SyntaxKind;
const {
  canHaveModifiers,
  getModifiers,
  isAccessor,
  isAwaitExpression,
  isBinaryExpression,
  isBlock,
  isCallExpression,
  isConstructorDeclaration,
  isElementAccessExpression,
  isExportAssignment,
  isFunctionDeclaration,
  isIdentifier,
  isMethodDeclaration,
  isNonNullExpression,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isPropertyDeclaration,
  isReturnStatement,
  isStringLiteral,
  isVariableDeclaration,
} = ts;

const NO_NAMES: readonly string[] = [];

export function enterFunction(w: WalkState, node: ts.FunctionLikeDeclaration): void {
  const id = fnId(w, node);
  const cls = w.classStack[w.classStack.length - 1];
  const isMember = isMethodDeclaration(node) || isConstructorDeclaration(node) || isAccessor(node);
  const owner = isMember && cls && node.parent === w.classNodes[w.classNodes.length - 1] ? cls : undefined;
  const name = functionName(w, node, owner);
  const fn: FunctionSummary = { id, name, emits: NONE, calls: NONE, children: NONE };
  if (owner) fn.className = owner.name;
  const decorated = decoratorsOf(node);
  const decorators = decorated.length ? decorated.map(decoratorName).filter((n): n is string => !!n) : NO_NAMES;
  if (decorators.length) {
    fn.decorators = decorators as string[];
    const hit = decorators.find((d) => w.opts.telemetryDecorators.has(d));
    if (hit) fn.decoratedBy = { family: 'decorator', api: `@${hit}`, line: lineOf(w, node) };
  }
  const parent = w.fnStack[w.fnStack.length - 1];
  if (parent) parent.children = append(parent.children, id);
  w.summary.functions[id] = fn;
  if (owner && name.includes('.')) {
    const member = name.slice(name.lastIndexOf('.') + 1);
    owner.methods[member] = id;
  }
  // Function declarations are visible by name in the enclosing scope (hoisted).
  if (isFunctionDeclaration(node) && node.name) {
    const scope = w.scopes[w.scopes.length - 1];
    // The pre-pass's entry for a top-level name is the scope's own: filled in rather than copied.
    const existing = scope.get(node.name.text);
    if (existing) existing.fn = id;
    else scope.set(node.name.text, { fn: id });
    if (w.scopes.length === 1) w.summary.values[node.name.text] = { kind: 'function', id };
  } else if (isFunctionDeclaration(node) && !node.name && hasModifier(node, SK.DefaultKeyword)) {
    w.summary.values.default = { kind: 'function', id };
  }
  w.fnStack.push(fn);
  w.fnNodes.push(node);
  w.paramSinks.push(undefined);
  const scope: Scope = new Map();
  w.scopes.push(scope);
  const cbKind = callbackParamKind(w, node);
  const params = node.parameters;
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    const kind = kindOfType(w, p.type) ?? (i === 0 ? cbKind : undefined);
    if (isIdentifier(p.name)) scope.set(p.name.text, kind ? { kind, param: i } : { param: i });
    else for (const n of bindingNames(p.name)) scope.set(n, kind ? { kind } : {});
    if (owner && isConstructorDeclaration(node) && isIdentifier(p.name) && canHaveModifiers(p) && getModifiers(p)?.length) {
      recordProperty(w, owner, p.name.text, p.type, undefined);
    }
  }
}

/**
 * After a function's contents: what it returns (its locals are known now: `const queue = new Queue(…);
 * return queue`), then what `enterFunction` pushed.
 */
export function leaveFunction(w: WalkState): void {
  const fn = w.fnStack.pop()!;
  const node = w.fnNodes.pop()!;
  const sinks = w.paramSinks.pop();
  const returns = returnKind(w, node);
  if (returns) fn.returns = returns;
  const returnsRef = returnedFunction(w, node);
  if (returnsRef) fn.returnsRef = returnsRef;
  else {
    const cls = returnedClass(node);
    if (cls) fn.returnsClass = cls;
  }
  if (sinks && fn.returnsParam === undefined) {
    const index = returnedSink(node, sinks);
    if (index !== undefined) fn.returnsParam = index;
  }
  w.scopes.pop();
}

/** A top-level name or a dynamically imported module's default export that a function returns uncalled. */
function returnedFunction(w: WalkState, node: ts.FunctionLikeDeclaration): CallRef | undefined {
  const body = node.body;
  if (!body) return undefined;
  let e: ts.Node | undefined = isBlock(body) ? body.statements.find(isReturnStatement)?.expression : body;
  if (!e) return undefined;
  e = unwrap(e);
  if (isAwaitExpression(e)) e = unwrap(e.expression);
  if (isCallExpression(e) && e.expression.kind === SK.ImportKeyword) {
    const spec = e.arguments[0];
    return spec && isStringLiteral(spec) ? { kind: 'binding', ref: { kind: 'import', specifier: spec.text, name: 'default' } } : undefined;
  }
  if (!isIdentifier(e) && !isPropertyAccessExpression(e)) return undefined;
  const ref = calleeRef(w, e);
  return ref?.kind === 'call' ? undefined : ref;
}

/** The parameter whose call result a function returns through where it stored it (`return cache.get(key)`, `return instance`). */
function returnedSink(node: ts.FunctionLikeDeclaration, sinks: Map<string, number>): number | undefined {
  const body = node.body;
  if (!body) return undefined;
  const returned = isBlock(body) ? body.statements.filter(isReturnStatement).map((r) => r.expression) : [body];
  for (const r of returned) {
    if (!r) continue;
    let e = unwrap(r);
    while (isAwaitExpression(e) || isNonNullExpression(e)) e = unwrap(e.expression);
    let key: string | undefined;
    if (isCallExpression(e) && isPropertyAccessExpression(e.expression) && e.expression.name.text === 'get') key = sinkKey(e.expression.expression);
    else if (isElementAccessExpression(e)) key = sinkKey(e.expression);
    else key = sinkKey(e);
    const index = key !== undefined ? sinks.get(key) : undefined;
    if (index !== undefined) return index;
  }
  return undefined;
}

/** `tracer.startActiveSpan('x', span => …)`: the first parameter's kind comes from the library model. */
function callbackParamKind(w: WalkState, node: ts.FunctionLikeDeclaration): string | undefined {
  // `const plugin: FastifyPluginAsync = async (app) => …`: the declared type gives the first parameter's kind.
  const decl = node.parent;
  if (decl && isVariableDeclaration(decl) && decl.initializer === node && decl.type) {
    const k = kindOfType(w, decl.type);
    return k ? w.model.callbackParams[k]?.[':'] : undefined;
  }
  const call = node.parent;
  if (!call || !isCallExpression(call) || !call.arguments.includes(node as ts.Expression)) return undefined;
  const callee = unwrap(call.expression);
  if (isPropertyAccessExpression(callee)) {
    const k = kindOf(w, callee.expression);
    return k ? w.model.callbackParams[k]?.[`${callee.name.text}()`] : undefined;
  }
  const k = kindOf(w, callee);
  return k ? w.model.callbackParams[k]?.['()'] : undefined;
}

function functionName(w: WalkState, node: ts.FunctionLikeDeclaration, owner: ClassSummary | undefined): string {
  const prefix = owner ? `${owner.name}.` : '';
  if (isConstructorDeclaration(node)) return `${prefix}constructor`;
  const own = propName(node.name as ts.PropertyName | undefined);
  if (own) return prefix + own;
  const p = node.parent;
  if (p && isVariableDeclaration(p) && isIdentifier(p.name)) return p.name.text;
  if (p && (isPropertyAssignment(p) || isPropertyDeclaration(p))) {
    const n = propName(p.name);
    const cls = w.classStack[w.classStack.length - 1];
    if (n) return isPropertyDeclaration(p) && cls ? `${cls.name}.${n}` : n;
  }
  if (p && isExportAssignment(p)) return 'default';
  // `exports.handler = async (event) => …`, `obj.onload = function () { … }`.
  if (p && isBinaryExpression(p) && p.right === node && isPropertyAccessExpression(p.left)) return p.left.name.text;
  return '<anonymous>';
}
