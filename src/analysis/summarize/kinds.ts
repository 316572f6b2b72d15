// Value and kind inference: which library value (a kind of the library model: `express.app`,
// `otel.tracer`) an expression, a type annotation or a function's return is.
import { ts } from '#ts';
import { exportKind, importKinds } from '../model.js';
import { lookup, type WalkState } from './scopes.js';
import { unwrap } from './syntax.js';

// Hoisted once: `ts.X` on the bundled compiler goes through a getter.
const SK = ts.SyntaxKind;
const { isBlock, isIdentifier, isPropertyAccessExpression, isReturnStatement, isTypeReferenceNode } = ts;

/** The library kind of an expression, from where it comes (ScanContext.kindOf). */
export function kindOf(w: WalkState, expr: ts.Node): string | undefined {
  const e = unwrap(expr);
  switch (e.kind) {
    case SK.Identifier: {
      const name = (e as ts.Identifier).text;
      const v = lookup(w, name);
      if (v) return v.kind;
      const imp = w.summary.imports[name];
      if (imp) return exportKind(w.model, imp.specifier, imp.name);
      return w.model.globals[name];
    }
    case SK.PropertyAccessExpression: {
      const pa = e as ts.PropertyAccessExpression;
      if (pa.expression.kind === SK.ThisKeyword) {
        return w.classStack[w.classStack.length - 1]?.propertyTypes?.[pa.name.text];
      }
      const k = kindOf(w, pa.expression);
      const members = k ? w.model.members[k] : undefined;
      return members ? (members[pa.name.text] ?? members['*']) : undefined;
    }
    case SK.CallExpression: {
      const callee = unwrap((e as ts.CallExpression).expression);
      if (isPropertyAccessExpression(callee)) {
        const k = kindOf(w, callee.expression);
        const members = k ? w.model.members[k] : undefined;
        return members ? (members[`${callee.name.text}()`] ?? members['*()']) : undefined;
      }
      const k = kindOf(w, callee);
      return k ? w.model.members[k]?.['()'] : undefined;
    }
    case SK.NewExpression: {
      const k = kindOf(w, (e as ts.NewExpression).expression);
      return k ? w.model.members[k]?.new : undefined;
    }
    case SK.BinaryExpression: {
      // `globalThis.prisma ?? new PrismaClient()`: the kind of whichever side has one.
      const b = e as ts.BinaryExpression;
      const op = b.operatorToken.kind;
      if (op !== SK.QuestionQuestionToken && op !== SK.BarBarToken) return undefined;
      return kindOf(w, b.left) ?? kindOf(w, b.right);
    }
    case SK.ConditionalExpression: {
      // `demo ? t.procedure.use(readOnly) : t.procedure`: the kind both branches agree on.
      const c = e as ts.ConditionalExpression;
      const k = kindOf(w, c.whenTrue);
      return k !== undefined && k === kindOf(w, c.whenFalse) ? k : undefined;
    }
  }
  return undefined;
}

/** The library kind a type annotation names (ScanContext.kindOfType). */
export function kindOfType(w: WalkState, type: ts.TypeNode | undefined): string | undefined {
  if (!type || !isTypeReferenceNode(type)) return undefined;
  const n = type.typeName;
  let k: string | undefined;
  if (isIdentifier(n)) {
    const imp = w.summary.imports[n.text];
    if (imp) k = exportKind(w.model, imp.specifier, imp.name);
  } else if (isIdentifier(n.left)) {
    const imp = w.summary.imports[n.left.text];
    const ns = imp ? importKinds(w.model, imp.specifier) : undefined;
    k = ns?.[n.right.text] ?? (imp && ns ? w.model.members[ns[imp.name]]?.[n.right.text] : undefined);
  }
  return k ? (w.model.members[k]?.[':'] ?? k) : undefined;
}

/**
 * The library kind a function returns: its return type annotation, else an expression body or a
 * top-level `return` whose value has a kind known from imports (`return metrics.getMeter(name)`).
 */
export function returnKind(w: WalkState, node: ts.FunctionLikeDeclaration): string | undefined {
  const annotated = kindOfType(w, node.type);
  if (annotated) return annotated;
  const body = node.body;
  if (!body) return undefined;
  if (!isBlock(body)) return kindOf(w, unwrap(body));
  for (const st of body.statements) {
    if (isReturnStatement(st) && st.expression) return kindOf(w, unwrap(st.expression));
  }
  return undefined;
}
