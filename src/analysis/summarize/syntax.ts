// Pure questions about syntax nodes, for the walk and its helpers: no walker state, nothing per file.
import { ts } from '#ts';
import { OUTER_ALL, skipOuterExpressions } from '../semantic.js';

// Hoisted once: `ts.X` on the bundled compiler goes through a getter, and these run for every node.
const SK = ts.SyntaxKind;
const {
  isArrowFunction,
  isBinaryExpression,
  isBlock,
  isCallExpression,
  isClassDeclaration,
  isElementAccessExpression,
  isFunctionDeclaration,
  isFunctionExpression,
  isIdentifier,
  isMethodDeclaration,
  isNoSubstitutionTemplateLiteral,
  isNumericLiteral,
  isOmittedExpression,
  isPrivateIdentifier,
  isPropertyAccessExpression,
  isReturnStatement,
  isSourceFile,
  isStringLiteral,
  isVariableDeclaration,
} = ts;

/** `undefined` or `null`: a variable initialised with it has no value yet. */
export { isUndefinedOrNull } from '../semantic.js';

/** Assignments that store a value: `=`, `??=`, `||=`. */
export const ASSIGNMENTS = new Set<ts.SyntaxKind>([SK.EqualsToken, SK.QuestionQuestionEqualsToken, SK.BarBarEqualsToken]);

/** Where a value is stored, as a key: `instance`, `this.cache`; an element of a collection is the collection (`cache[key]` → `cache`). */
export function sinkKey(expr: ts.Node): string | undefined {
  const e = unwrap(expr);
  if (isIdentifier(e)) return e.text;
  if (e.kind === SK.ThisKeyword) return 'this';
  if (isElementAccessExpression(e)) return sinkKey(e.expression);
  if (isPropertyAccessExpression(e)) {
    const base = sinkKey(e.expression);
    return base === undefined ? undefined : `${base}.${e.name.text}`;
  }
  return undefined;
}

export function unwrap(expr: ts.Node): ts.Node {
  return skipOuterExpressions(expr, OUTER_ALL);
}

/** A literal whose value never varies: `'x'`, `` `x` ``, `42`, `'a' + 'b'`. */
export function isLiteral(e: ts.Node): boolean {
  if (isStringLiteral(e) || isNoSubstitutionTemplateLiteral(e) || isNumericLiteral(e)) return true;
  if (isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return isLiteral(unwrap(e.left)) && isLiteral(unwrap(e.right));
  return false;
}

/**
 * `a`, `a.b.c`, `this.a.b`, `a?.b` (as `a.b`): the common callee shapes, spelled from their names without
 * reading the source text (callee texts are wanted for every call). Undefined for anything else.
 */
export function dottedName(node: ts.Node): string | undefined {
  if (isIdentifier(node)) return node.text;
  if (!isPropertyAccessExpression(node) || !isIdentifier(node.name)) return undefined;
  const base = node.expression.kind === SK.ThisKeyword ? 'this' : dottedName(node.expression);
  return base === undefined ? undefined : `${base}.${node.name.text}`;
}

export function propName(name: ts.PropertyName | ts.MemberName | ts.BindingName | undefined): string | undefined {
  if (!name) return undefined;
  if (isIdentifier(name) || isPrivateIdentifier(name) || isStringLiteral(name) || isNumericLiteral(name)) {
    return name.text;
  }
  return undefined;
}

export function decoratorName(d: ts.Decorator): string | undefined {
  let e: ts.Node = d.expression;
  if (isCallExpression(e)) e = e.expression;
  if (isIdentifier(e)) return e.text;
  if (isPropertyAccessExpression(e)) return e.name.text;
  return undefined;
}

const NO_DECORATORS: readonly ts.Decorator[] = [];

export function decoratorsOf(node: ts.Node): readonly ts.Decorator[] {
  const mods = (node as { modifiers?: ts.NodeArray<ts.ModifierLike> }).modifiers;
  if (!mods) return NO_DECORATORS;
  let out: ts.Decorator[] | undefined;
  for (const m of mods) if (m.kind === SK.Decorator) (out ??= []).push(m as ts.Decorator);
  return out ?? NO_DECORATORS;
}

export function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  const mods = (node as { modifiers?: ts.NodeArray<ts.ModifierLike> }).modifiers;
  if (!mods) return false;
  for (const m of mods) if (m.kind === kind) return true;
  return false;
}

/** The names a binding declares: `x`, or each name of a destructuring pattern (`{ a, b: [c] }` → a, c). */
export function bindingNames(name: ts.BindingName): string[] {
  if (isIdentifier(name)) return [name.text];
  const out: string[] = [];
  for (const el of name.elements) if (!isOmittedExpression(el)) out.push(...bindingNames(el.name));
  return out;
}

/** The name of a class a function declares in its body and returns (`class Base { … } return Base;`). */
export function returnedClass(node: ts.FunctionLikeDeclaration): string | undefined {
  const body = node.body;
  if (!body || !isBlock(body)) return undefined;
  const e = body.statements.find(isReturnStatement)?.expression;
  if (!e || !isIdentifier(e)) return undefined;
  return body.statements.some((st) => ts.isClassDeclaration(st) && st.name?.text === e.text) ? e.text : undefined;
}

/** Enclosing symbol path, e.g. `OrdersController.create` (ScanContext.symbolPath). */
export function symbolPath(node: ts.Node): string {
  const parts: string[] = [];
  for (let n: ts.Node | undefined = node; n && !isSourceFile(n); n = n.parent) {
    let name: string | undefined;
    if ((isFunctionDeclaration(n) || isClassDeclaration(n) || isMethodDeclaration(n)) && n.name) name = propName(n.name);
    else if ((isArrowFunction(n) || isFunctionExpression(n)) && n.parent && isVariableDeclaration(n.parent)) {
      name = propName(n.parent.name);
    }
    if (name) parts.unshift(name);
  }
  return parts.join('.') || '<module>';
}
