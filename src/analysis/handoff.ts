// Where a resource held in a local variable (a span) ends or leaves the scope that holds it: its ending
// method called, the value handed to a function, returned, yielded or stored, a closure that does so, or a
// configured helper called. Which methods end or record on the resource comes from the library model
// (emissions.ts `SPAN_RESOURCE`); nothing here names a library.
import { ts } from '#ts';
import { OUTER_VALUE, isReference, shadowsName, skipOuterExpressions } from './semantic.js';

// Hoisted: `ts.X` on the bundled compiler is a getter on a dictionary-mode object (about 10 ns a use), and these run per node.
const SK = ts.SyntaxKind;
const {
  forEachChild,
  isArrayLiteralExpression,
  isArrowFunction,
  isAsExpression,
  isBinaryExpression,
  isCallExpression,
  isConditionalExpression,
  isElementAccessExpression,
  isFunctionLike,
  isIdentifier,
  isNewExpression,
  isNonNullExpression,
  isParenthesizedExpression,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isReturnStatement,
  isSatisfiesExpression,
  isShorthandPropertyAssignment,
  isSpreadElement,
  isStringLiteral,
  isVariableDeclaration,
  isYieldExpression,
} = ts;

/** A resource's methods by what they do, from the library model. */
export interface ResourceModel {
  /** Methods that end it (`end`). */
  ends: ReadonlySet<string>;
  /** Methods that record an error on it (`recordException`, `setStatus`). */
  records: ReadonlySet<string>;
  /** Methods that return the resource itself, so a chain of them is still the resource. */
  chainable: ReadonlySet<string>;
  /** Functions that put it in a context without taking it over (`trace.setSpan(ctx, span)`). */
  plumbing: ReadonlySet<string>;
}

/** Local functions of the resource's scope: those that end it (by name), and all of them (their bodies count only when called). */
export interface LocalFunctions {
  enders: ReadonlySet<string>;
  functions: ReadonlySet<ts.Node>;
}

const NO_LOCALS: LocalFunctions = { enders: new Set<string>(), functions: new Set<ts.Node>() };

/**
 * Whether `node` ends the resource named `name` or hands it on (with `endsOnly`, only ends it): see
 * `isRelease`; a call to a local function that ends it; a call whose callee text matches a configured ender.
 */
export function containsRelease(
  model: ResourceModel,
  node: ts.Node,
  name: string,
  enders: RegExp[],
  text: (n: ts.Node) => string,
  local: LocalFunctions = NO_LOCALS,
  endsOnly = false,
): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (isIdentifier(n) && n.text === name && isReference(n) && (endsOnly ? isEnd(model, n) : isRelease(model, n))) {
      found = true;
      return;
    }
    // A local function that ends the resource, called or passed on; its own body counts only through that.
    if (isIdentifier(n) && local.enders.has(n.text) && isReference(n) && ((isCallExpression(n.parent) && n.parent.expression === n) || isRelease(model, n))) {
      found = true;
      return;
    }
    if (n !== node && local.functions.has(n)) return;
    if (enders.length && isCallExpression(n)) {
      const callee = text(n.expression).replace(/\s+/g, '').replace(/^this\./, '');
      if (enders.some((r) => r.test(callee))) {
        found = true;
        return;
      }
    }
    if (isFunctionLike(n) && n !== node && shadowsName(n, name)) return;
    forEachChild(n, visit);
  };
  visit(node);
  return found;
}

/** `span.end()` (or `span.end` passed along), not a hand-off. */
function isEnd(model: ResourceModel, id: ts.Identifier): boolean {
  let e: ts.Node = id;
  while (isParenthesizedExpression(e.parent) || isAsExpression(e.parent) || isNonNullExpression(e.parent)) e = e.parent;
  const p = e.parent;
  return isPropertyAccessExpression(p) && p.expression === e && model.ends.has(p.name.text);
}

/**
 * The value ends or leaves here: its ending method (called or passed along), passed to a function or a
 * constructor, returned, yielded, assigned, stored in a property, an array or an object, through casts,
 * conditionals and `??` / `||` / `&&` / `,`. Put in a context only counts when that context leaves the scope.
 */
export function isRelease(model: ResourceModel, id: ts.Identifier): boolean {
  let e: ts.Node = id;
  while (
    isParenthesizedExpression(e.parent) ||
    isAsExpression(e.parent) ||
    isNonNullExpression(e.parent) ||
    isSatisfiesExpression(e.parent) ||
    (isConditionalExpression(e.parent) && e.parent.condition !== e) ||
    (isBinaryExpression(e.parent) && e.parent.right === e && isValueOperator(e.parent.operatorToken.kind))
  ) {
    e = e.parent;
  }
  const p = e.parent;
  if (isPropertyAccessExpression(p) || isElementAccessExpression(p)) {
    const member = isPropertyAccessExpression(p) ? p.name.text : isStringLiteral(p.argumentExpression) ? p.argumentExpression.text : '';
    return p.expression === e && model.ends.has(member);
  }
  if (isCallExpression(p) && isContextPlumbing(model, p)) return p.arguments.includes(e as ts.Expression) && leavesScope(p);
  if (isCallExpression(p) || isNewExpression(p)) return !!p.arguments?.includes(e as ts.Expression);
  if (isBinaryExpression(p)) return p.operatorToken.kind === SK.EqualsToken && p.right === e;
  return (
    isReturnStatement(p) ||
    isYieldExpression(p) ||
    (isArrowFunction(p) && p.body === e) ||
    isShorthandPropertyAssignment(p) ||
    (isPropertyAssignment(p) && p.initializer === e) ||
    isArrayLiteralExpression(p) ||
    isSpreadElement(p) ||
    (isVariableDeclaration(p) && p.initializer === e)
  );
}

/**
 * A context holding the resource leaves the scope: returned (`return trace.setSpan(ctx, span)`), stored in a
 * property, an object or an array. A context only used locally (`context.with(trace.setSpan(…), fn)`, a local
 * variable) leaves the resource to this scope.
 */
function leavesScope(e: ts.Expression): boolean {
  let n: ts.Node = e;
  while (isParenthesizedExpression(n.parent) || isAsExpression(n.parent) || isNonNullExpression(n.parent) || isSatisfiesExpression(n.parent) || (isConditionalExpression(n.parent) && n.parent.condition !== n)) {
    n = n.parent;
  }
  const p = n.parent;
  if (isBinaryExpression(p)) return p.operatorToken.kind === SK.EqualsToken && p.right === n && (isPropertyAccessExpression(p.left) || isElementAccessExpression(p.left));
  return (
    isReturnStatement(p) ||
    isYieldExpression(p) ||
    (isArrowFunction(p) && p.body === n) ||
    (isPropertyAssignment(p) && p.initializer === n) ||
    isArrayLiteralExpression(p)
  );
}

function isContextPlumbing(model: ResourceModel, call: ts.CallExpression | ts.NewExpression): boolean {
  const callee = skipOuterExpressions(call.expression, OUTER_VALUE);
  const name = isPropertyAccessExpression(callee) ? callee.name.text : isIdentifier(callee) ? callee.text : '';
  return model.plumbing.has(name);
}

function isValueOperator(kind: ts.SyntaxKind): boolean {
  return kind === SK.QuestionQuestionToken || kind === SK.BarBarToken || kind === SK.AmpersandAmpersandToken || kind === SK.CommaToken;
}

/** `return span` / `return [res, span]`: the resource itself is what the function hands back. */
export function returnsResource(model: ResourceModel, e: ts.Expression): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found || isFunctionLike(n)) return;
    if (isIdentifier(n) && isReference(n) && isRelease(model, n)) found = true;
    else forEachChild(n, visit);
  };
  visit(e);
  return found;
}

/**
 * A block records an error on the resource: a recording method called (on any receiver), the resource
 * handed to a helper, or a call to one of `recorders` (local functions of the scope that record).
 */
export function recordsError(model: ResourceModel, block: ts.Node, name: string, recorders: ReadonlySet<string>): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (isCallExpression(n)) {
      const callee = skipOuterExpressions(n.expression, OUTER_VALUE);
      if (isPropertyAccessExpression(callee) && model.records.has(callee.name.text)) found = true;
      else if (isIdentifier(callee) && recorders.has(callee.text)) found = true;
      else if (n.arguments.some((a) => {
        const u = skipOuterExpressions(a, OUTER_VALUE);
        return isIdentifier(u) && u.text === name;
      })) found = true;
    }
    forEachChild(n, visit);
  };
  visit(block);
  return found;
}
