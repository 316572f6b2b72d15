// Helpers shared by adapters: reading route paths and handler argument lists.
import { ts } from '#ts';

// Hoisted: `ts.X` on the bundled compiler is a getter on a dictionary-mode object (about 10 ns a use), and these run per call or node.
const {
  canHaveModifiers,
  getModifiers,
  isArrayLiteralExpression,
  isArrowFunction,
  isFunctionExpression,
  isIdentifier,
  isMethodDeclaration,
  isNoSubstitutionTemplateLiteral,
  isObjectLiteralExpression,
  isPrivateIdentifier,
  isPropertyDeclaration,
  isRegularExpressionLiteral,
  isSpreadElement,
  isStringLiteral,
  isTemplateExpression,
  isVariableDeclaration,
} = ts;

/** A route path as written: string literal, no-substitution template, or a template shown with `${…}`. */
export function literalPath(node: ts.Node | undefined): string | undefined {
  if (!node) return undefined;
  if (isStringLiteral(node) || isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (isTemplateExpression(node)) return node.getText().slice(1, -1);
  if (isRegularExpressionLiteral(node)) return node.text;
  return undefined;
}

/** Handler arguments with arrays flattened (`app.get('/x', [auth, validate], handler)`). */
export function routeHandlers(args: readonly ts.Expression[]): ts.Expression[] {
  const out: ts.Expression[] = [];
  for (const a of args) {
    if (isArrayLiteralExpression(a)) out.push(...routeHandlers(a.elements));
    else if (!isSpreadElement(a) && !isObjectLiteralExpression(a) && !isStringLiteral(a)) out.push(a);
  }
  return out;
}

/** A class's name as the walk records it: its own name, the variable it is assigned to, or `default`. */
export function className(node: ts.ClassLikeDeclaration): string {
  if (node.name) return node.name.text;
  const p = node.parent;
  if (p && isVariableDeclaration(p) && isIdentifier(p.name)) return p.name.text;
  return 'default';
}

export interface ClassMember {
  name: string;
  /** The function that runs: the method, or the arrow function / function expression a property holds. */
  fn: ts.FunctionLikeDeclaration;
  /** The class member (where a finding is reported). */
  member: ts.ClassElement;
  /** Not `private` / `protected` / `#name`, not static. */
  isPublic: boolean;
}

/** Instance methods with a body (methods and function-valued properties); constructors and accessors excluded. */
export function classMethods(node: ts.ClassLikeDeclaration): ClassMember[] {
  const out: ClassMember[] = [];
  for (const m of node.members) {
    let fn: ts.FunctionLikeDeclaration | undefined;
    if (isMethodDeclaration(m) && m.body) fn = m;
    else if (isPropertyDeclaration(m) && m.initializer && (isArrowFunction(m.initializer) || isFunctionExpression(m.initializer))) fn = m.initializer;
    if (!fn || !m.name || !(isIdentifier(m.name) || isStringLiteral(m.name) || isPrivateIdentifier(m.name))) continue;
    const mods = canHaveModifiers(m) ? (getModifiers(m) ?? []) : [];
    if (mods.some((x) => x.kind === ts.SyntaxKind.StaticKeyword)) continue;
    const hidden = isPrivateIdentifier(m.name) || mods.some((x) => x.kind === ts.SyntaxKind.PrivateKeyword || x.kind === ts.SyntaxKind.ProtectedKeyword);
    out.push({ name: m.name.text, fn, member: m, isPublic: !hidden });
  }
  return out;
}
