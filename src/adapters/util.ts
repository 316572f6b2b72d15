// Helpers shared by adapters: reading route paths and handler argument lists.
import { ts } from 'ts-morph';

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
