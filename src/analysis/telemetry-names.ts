// The value of a telemetry name (a span or metric name, an attribute key) as far as the file tells: literal
// text, parts known only at run time, a parameter of the enclosing function (a project helper such as
// `inSpan(name, fn)`, whose callers give the name), or a constant imported from another module (resolved
// across files by the catalogue). Constants of @opentelemetry/semantic-conventions are resolved here from
// the generated table.
import { ts } from '#ts';
import type { BindingRef } from '../types.js';
import { SEMCONV } from './semconv-table.js';
import { OUTER_TYPES, declarationOf, isConstDeclaration, skipOuterExpressions, type FileNames } from './semantic.js';

const { isBinaryExpression, isEnumDeclaration, isIdentifier, isNoSubstitutionTemplateLiteral, isNumericLiteral, isParameter, isPropertyAccessExpression, isStringLiteral, isTemplateExpression, isVariableDeclaration, isFunctionLike } = ts;

export type NamePart =
  | string
  /** Known only at run time; `text` is the expression as written. */
  | { dynamic: string; node?: ts.Expression }
  /**
   * The `index`th parameter of the function `fn` (a node of this file) that encloses the name; with `prop`,
   * that property of it (`ctx.name`, or `{ name }` destructured), given by callers as an object literal.
   */
  | { param: number; fn: ts.SignatureDeclaration; text: string; prop?: string }
  /** A constant imported from a module of the project. */
  | { ref: BindingRef; text: string };

export const SEMCONV_PACKAGE = '@opentelemetry/semantic-conventions';

/** The value of an imported semantic-conventions constant (`ATTR_HTTP_METHOD` → `http.method`). */
export function semconvConstant(ctx: Pick<FileNames, 'imports'>, e: ts.Expression): { name: string; value: string } | undefined {
  e = skipOuterExpressions(e, OUTER_TYPES);
  let name: string | undefined;
  if (isIdentifier(e)) {
    const imp = ctx.imports[e.text];
    if (imp && imp.specifier.startsWith(SEMCONV_PACKAGE) && !declarationOf(e)) name = imp.name;
  } else if (isPropertyAccessExpression(e) && isIdentifier(e.expression)) {
    const imp = ctx.imports[e.expression.text];
    if (imp && imp.name === '*' && imp.specifier.startsWith(SEMCONV_PACKAGE) && !declarationOf(e.expression)) name = e.name.text;
  }
  const value = name !== undefined ? SEMCONV.constants[name] : undefined;
  return value !== undefined ? { name: name!, value } : undefined;
}

/** The parts of a name expression, adjacent literal parts joined. */
export function nameParts(ctx: Pick<FileNames, 'imports'>, e: ts.Expression, text: (n: ts.Node) => string, depth = 0): NamePart[] {
  const out: NamePart[] = [];
  const push = (p: NamePart) => {
    if (typeof p === 'string' && typeof out[out.length - 1] === 'string') out[out.length - 1] += p;
    else if (p !== '') out.push(p);
  };
  const visit = (x: ts.Expression, d: number): void => {
    x = skipOuterExpressions(x, OUTER_TYPES);
    if (d > 8) return push({ dynamic: text(x), node: x });
    if (isStringLiteral(x) || isNoSubstitutionTemplateLiteral(x) || isNumericLiteral(x)) return push(x.text);
    if (isTemplateExpression(x)) {
      push(x.head.text);
      for (const s of x.templateSpans) {
        visit(s.expression, d + 1);
        push(s.literal.text);
      }
      return;
    }
    if (isBinaryExpression(x) && x.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      visit(x.left, d + 1);
      visit(x.right, d + 1);
      return;
    }
    const sc = semconvConstant(ctx, x);
    if (sc) return push(sc.value);
    if (isIdentifier(x)) {
      const decl = declarationOf(x);
      if (decl && isVariableDeclaration(decl) && isConstDeclaration(decl) && decl.initializer) return visit(decl.initializer, d + 1);
      if (decl && isParameter(decl) && isFunctionLike(decl.parent)) {
        const index = decl.parent.parameters.indexOf(decl);
        if (isIdentifier(decl.name)) return push({ param: index, fn: decl.parent, text: x.text });
        // `({ name }: SpanOptions) => …`: a property of the object the caller passes.
        const el = ts.isObjectBindingPattern(decl.name) ? decl.name.elements.find((b) => isIdentifier(b.name) && b.name.text === x.text && !b.dotDotDotToken) : undefined;
        const prop = el && (el.propertyName ? (isIdentifier(el.propertyName) || isStringLiteral(el.propertyName) ? el.propertyName.text : undefined) : x.text);
        if (prop) return push({ param: index, fn: decl.parent, text: x.text, prop });
      }
      const imp = !decl ? ctx.imports[x.text] : undefined;
      if (imp && imp.name !== '*') return push({ ref: { kind: 'import', specifier: imp.specifier, name: imp.name }, text: x.text });
      return push({ dynamic: x.text, node: x });
    }
    if (isPropertyAccessExpression(x) && isIdentifier(x.expression)) {
      const decl = declarationOf(x.expression);
      // `ctx.name` of a parameter `ctx`: the property of the object the caller passes.
      if (decl && isParameter(decl) && isIdentifier(decl.name) && isFunctionLike(decl.parent)) {
        return push({ param: decl.parent.parameters.indexOf(decl), fn: decl.parent, text: text(x), prop: x.name.text });
      }
      // A string member of an enum of this file (`Spans.Checkout`).
      if (decl && isEnumDeclaration(decl)) {
        const m = decl.members.find((mm) => (isIdentifier(mm.name) || isStringLiteral(mm.name)) && mm.name.text === x.name.text);
        const init = m?.initializer && skipOuterExpressions(m.initializer, OUTER_TYPES);
        if (init && (isStringLiteral(init) || isNoSubstitutionTemplateLiteral(init))) return push(init.text);
      }
      // `import * as names from './names'; names.CHECKOUT`.
      const imp = !decl ? ctx.imports[x.expression.text] : undefined;
      if (imp?.name === '*') return push({ ref: { kind: 'import', specifier: imp.specifier, name: x.name.text }, text: text(x) });
    }
    push({ dynamic: text(x), node: x });
  };
  visit(e, depth);
  return out;
}

/** A part's text as written (the literal itself for literal text). */
export const partText = (p: NamePart): string => (typeof p === 'string' ? p : 'dynamic' in p ? p.dynamic : p.text);

/** Whether the parts are all literal text. */
export const isLiteral = (parts: NamePart[]): parts is string[] => parts.every((p) => typeof p === 'string');

/** The name for display: literal text with `{}` where a part is known only at run time. */
export function showName(parts: NamePart[]): string {
  return parts.map((p) => (typeof p === 'string' ? p : '{}')).join('');
}
