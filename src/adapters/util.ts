// Helpers shared by adapters: reading route paths and handler argument lists.
import { ts } from '#ts';

/** A route path as written: string literal, no-substitution template, or a template shown with `${…}`. */
export function literalPath(node: ts.Node | undefined): string | undefined {
  if (!node) return undefined;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.getText().slice(1, -1);
  if (ts.isRegularExpressionLiteral(node)) return node.text;
  return undefined;
}

/** Handler arguments with arrays flattened (`app.get('/x', [auth, validate], handler)`). */
export function routeHandlers(args: readonly ts.Expression[]): ts.Expression[] {
  const out: ts.Expression[] = [];
  for (const a of args) {
    if (ts.isArrayLiteralExpression(a)) out.push(...routeHandlers(a.elements));
    else if (!ts.isSpreadElement(a) && !ts.isObjectLiteralExpression(a) && !ts.isStringLiteral(a)) out.push(a);
  }
  return out;
}

/** A class's name as the walk records it: its own name, the variable it is assigned to, or `default`. */
export function className(node: ts.ClassLikeDeclaration): string {
  if (node.name) return node.name.text;
  const p = node.parent;
  if (p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
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
    if (ts.isMethodDeclaration(m) && m.body) fn = m;
    else if (ts.isPropertyDeclaration(m) && m.initializer && (ts.isArrowFunction(m.initializer) || ts.isFunctionExpression(m.initializer))) fn = m.initializer;
    if (!fn || !m.name || !(ts.isIdentifier(m.name) || ts.isStringLiteral(m.name) || ts.isPrivateIdentifier(m.name))) continue;
    const mods = ts.canHaveModifiers(m) ? (ts.getModifiers(m) ?? []) : [];
    if (mods.some((x) => x.kind === ts.SyntaxKind.StaticKeyword)) continue;
    const hidden = ts.isPrivateIdentifier(m.name) || mods.some((x) => x.kind === ts.SyntaxKind.PrivateKeyword || x.kind === ts.SyntaxKind.ProtectedKeyword);
    out.push({ name: m.name.text, fn, member: m, isPublic: !hidden });
  }
  return out;
}
