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

/**
 * A string an expression always is: a literal, or a name declared `const name = 'literal'` in a block around it
 * or at the top of the file (`const globalPrefix = 'api'; app.setGlobalPrefix(globalPrefix)`).
 */
export function constantString(node: ts.Expression): string | undefined {
  if (isStringLiteral(node) || isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (!isIdentifier(node)) return undefined;
  for (let scope: ts.Node | undefined = node.parent; scope; scope = scope.parent) {
    if (!ts.isBlock(scope) && !ts.isSourceFile(scope)) continue;
    for (const st of scope.statements) {
      if (!ts.isVariableStatement(st) || !(st.declarationList.flags & ts.NodeFlags.Const)) continue;
      for (const d of st.declarationList.declarations) {
        if (isIdentifier(d.name) && d.name.text === node.text) {
          return d.initializer && (isStringLiteral(d.initializer) || isNoSubstitutionTemplateLiteral(d.initializer)) ? d.initializer.text : undefined;
        }
      }
    }
  }
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

// ---------------------------------------------------------------------------------------------
// Message sources: where a handler's messages come from, for target names and receivers declared elsewhere.

const { isAsExpression, isAwaitExpression, isBlock, isNonNullExpression, isParenthesizedExpression, isSatisfiesExpression, isSourceFile, isVariableStatement } = ts;

/** The expression without parentheses, `as`, `!`, `satisfies` and `await` around it. */
export function stripExpression(e: ts.Expression): ts.Expression {
  while (isParenthesizedExpression(e) || isAsExpression(e) || isNonNullExpression(e) || isSatisfiesExpression(e) || isAwaitExpression(e)) e = e.expression;
  return e;
}

/** The initializer of the nearest `const` / `let` / `var` declaration of an identifier, in an enclosing block or the file. */
export function variableInitializer(id: ts.Identifier): ts.Expression | undefined {
  for (let n: ts.Node | undefined = id.parent; n; n = n.parent) {
    if (!isBlock(n) && !isSourceFile(n)) continue;
    for (const st of n.statements) {
      if (!isVariableStatement(st)) continue;
      const d = st.declarationList.declarations.find((x) => isIdentifier(x.name) && x.name.text === id.text);
      if (d) return d.initializer;
    }
  }
  return undefined;
}

/** An expression, or what the local variable it names was initialised with (a few hops): `const opts = {…}; create(opts)`. */
export function resolveLocal(e: ts.Expression | undefined, hops = 3): ts.Expression | undefined {
  let cur = e && stripExpression(e);
  for (let i = 0; cur && isIdentifier(cur) && i < hops; i++) {
    const init = variableInitializer(cur);
    if (!init) break;
    cur = stripExpression(init);
  }
  return cur;
}

/** An object literal's property by name: its value, the shorthand's identifier, or the method itself. */
export function propertyValue(obj: ts.ObjectLiteralExpression, key: string): ts.Expression | ts.MethodDeclaration | undefined {
  for (const p of obj.properties) {
    if (!p.name || !(isIdentifier(p.name) || isStringLiteral(p.name)) || p.name.text !== key) continue;
    if (ts.isPropertyAssignment(p)) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p)) return p.name;
    if (isMethodDeclaration(p)) return p;
  }
  return undefined;
}

/**
 * A queue, topic or subject as a reader knows it: a literal's text (the last segment of a URL), also through a
 * constant of the file (`const QUEUE = 'emails'`), else the expression as written, shortened.
 */
export function sourceLabel(e: ts.Expression, text: (n: ts.Node) => string): string {
  const resolved = resolveLocal(e);
  const s = resolved && (isStringLiteral(resolved) || isNoSubstitutionTemplateLiteral(resolved) || isTemplateExpression(resolved)) ? resolved : stripExpression(e);
  const literal = isStringLiteral(s) || isNoSubstitutionTemplateLiteral(s) ? s.text : undefined;
  if (literal !== undefined) return /^[a-z]+:\/\//i.test(literal) ? (literal.replace(/\/+$/, '').split('/').pop() ?? literal) : literal;
  if (isTemplateExpression(s)) {
    const tail = s.templateSpans[s.templateSpans.length - 1].literal.text;
    const last = tail.replace(/\/+$/, '').split('/').pop();
    if (tail.includes('/') && last) return last;
  }
  const t = text(s).replace(/\s+/g, ' ');
  return t.length > 80 ? `${t.slice(0, 77)}...` : t;
}

/**
 * A receiver that may be a library value created in another module of the project: an identifier imported
 * from one (`import { queue } from './queues'`). A target on it is kept only when the import resolves to a
 * value of the library's kind (TargetSummary.onlyIfKind).
 */
export function importedBinding(imports: Record<string, { specifier: string; name: string }>, e: ts.Expression): { kind: 'import'; specifier: string; name: string } | undefined {
  const s = stripExpression(e);
  const imp = isIdentifier(s) ? imports[s.text] : undefined;
  return imp ? { kind: 'import', specifier: imp.specifier, name: imp.name } : undefined;
}
