// What rules and adapters ask about syntax, answered once here instead of in each of them: wrappers around
// an expression, declarations of a name, references, enclosing functions, statements that follow, calls that
// may throw, null guards, constant values, and where a receiver comes from. All syntactic (no type checker),
// over raw compiler nodes.
import { ts } from '#ts';
import type { BindingRef, FileSummary } from '../types.js';

/** What the name lookups need of the file: its imports by local name, and the library kind of a value. */
export interface FileNames {
  readonly imports: FileSummary['imports'];
  kindOf(expr: ts.Node): string | undefined;
}

// Hoisted: `ts.X` on the bundled compiler is a getter on a dictionary-mode object (about 10 ns a use), and these run per call or node.
const SK = ts.SyntaxKind;
const {
  forEachChild,
  isAccessor,
  isArrowFunction,
  isAwaitExpression,
  isBigIntLiteral,
  isBinaryExpression,
  isBindingElement,
  isBlock,
  isCallExpression,
  isCaseClause,
  isCatchClause,
  isClassDeclaration,
  isClassLike,
  isConditionalExpression,
  isConstructorDeclaration,
  isDefaultClause,
  isEnumDeclaration,
  isForInStatement,
  isForOfStatement,
  isForStatement,
  isFunctionDeclaration,
  isFunctionExpression,
  isFunctionLike,
  isIdentifier,
  isIfStatement,
  isIterationStatement,
  isMethodDeclaration,
  isModuleBlock,
  isNewExpression,
  isNoSubstitutionTemplateLiteral,
  isNumericLiteral,
  isOmittedExpression,
  isParameter,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isPropertyDeclaration,
  isQualifiedName,
  isReturnStatement,
  isSourceFile,
  isStringLiteral,
  isTaggedTemplateExpression,
  isTemplateExpression,
  isThrowStatement,
  isTypeReferenceNode,
  isVariableDeclaration,
  isVariableDeclarationList,
  isVariableStatement,
  isYieldExpression,
} = ts;

// --- wrappers around an expression ------------------------------------------------------------

/** Which wrappers `skipOuterExpressions` looks through (bit flags, combined with `|`). */
export const Outer = {
  Parentheses: 1,
  As: 2,
  NonNull: 4,
  Satisfies: 8,
  Await: 16,
  TypeAssertion: 32,
} as const;
/** `(x)`, `x as T`, `x!`: what only changes how the value is written. */
export const OUTER_CASTS = Outer.Parentheses | Outer.As | Outer.NonNull;
/** The casts and `x satisfies T`. */
export const OUTER_TYPES = OUTER_CASTS | Outer.Satisfies;
/** The casts, `satisfies` and `await`: the value a promise gives. */
export const OUTER_VALUE = OUTER_TYPES | Outer.Await;
export const OUTER_ALL = OUTER_VALUE | Outer.TypeAssertion;

/** The expression inside the wrappers `kinds` names (default: all of them). */
export function skipOuterExpressions(e: ts.Expression, kinds?: number): ts.Expression;
export function skipOuterExpressions(e: ts.Node, kinds?: number): ts.Node;
export function skipOuterExpressions(e: ts.Node, kinds: number = OUTER_ALL): ts.Node {
  for (;;) {
    switch (e.kind) {
      case SK.ParenthesizedExpression:
        if (!(kinds & Outer.Parentheses)) return e;
        break;
      case SK.AsExpression:
        if (!(kinds & Outer.As)) return e;
        break;
      case SK.NonNullExpression:
        if (!(kinds & Outer.NonNull)) return e;
        break;
      case SK.SatisfiesExpression:
        if (!(kinds & Outer.Satisfies)) return e;
        break;
      case SK.AwaitExpression:
        if (!(kinds & Outer.Await)) return e;
        break;
      case SK.TypeAssertionExpression:
        if (!(kinds & Outer.TypeAssertion)) return e;
        break;
      default:
        return e;
    }
    e = (e as ts.ParenthesizedExpression).expression;
  }
}

// --- names, declarations, references ----------------------------------------------------------

/**
 * The nearest declaration of a name in lexical scope, found syntactically: variables, enums, classes and
 * functions of enclosing blocks, and parameters of enclosing functions. Undefined for imports and globals.
 */
export function declarationOf(id: ts.Identifier): ts.Node | undefined {
  const name = id.text;
  for (let n: ts.Node = id; n.parent; n = n.parent) {
    const p = n.parent;
    if (isFunctionLike(p)) {
      for (const param of p.parameters) if (binds(param.name, name)) return param;
    }
    if (isCatchClause(p) && p.variableDeclaration && binds(p.variableDeclaration.name, name)) return p.variableDeclaration;
    if ((isForOfStatement(p) || isForInStatement(p) || isForStatement(p)) && p.initializer && isVariableDeclarationList(p.initializer)) {
      for (const d of p.initializer.declarations) if (binds(d.name, name)) return d;
    }
    const statements = isBlock(p) || isSourceFile(p) || isModuleBlock(p) || isCaseClause(p) || isDefaultClause(p) ? p.statements : undefined;
    for (const st of statements ?? []) {
      if (isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) if (binds(d.name, name)) return isIdentifier(d.name) ? d : d.name;
      } else if ((isEnumDeclaration(st) || isClassDeclaration(st) || isFunctionDeclaration(st)) && st.name?.text === name) return st;
    }
  }
  return undefined;
}

function binds(b: ts.BindingName, name: string): boolean {
  if (isIdentifier(b)) return b.text === name;
  return b.elements.some((el) => !isOmittedExpression(el) && binds(el.name, name));
}

/**
 * The variable statement declaring `name` (a plain identifier) nearest to `from` in enclosing blocks, case
 * clauses and the file: only within the function `from` is in, unless `crossFunctions`.
 */
export function variableDeclarationOf(from: ts.Node, name: string, crossFunctions = false): ts.VariableDeclaration | undefined {
  for (let n = from; n.parent; n = n.parent) {
    const p = n.parent;
    if (isBlock(p) || isSourceFile(p) || isCaseClause(p) || isDefaultClause(p)) {
      for (const st of p.statements) {
        if (!isVariableStatement(st)) continue;
        for (const d of st.declarationList.declarations) if (isIdentifier(d.name) && d.name.text === name) return d;
      }
    }
    if ((!crossFunctions && isFunctionLike(p)) || isSourceFile(p)) return undefined;
  }
  return undefined;
}

export function isConstDeclaration(decl: ts.VariableDeclaration): boolean {
  return isVariableDeclarationList(decl.parent) && (decl.parent.flags & ts.NodeFlags.BlockScoped) === ts.NodeFlags.Const;
}

/** An identifier used as a value (not a property name, a type name or the name being declared). */
export function isReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (isPropertyAccessExpression(p) && p.name === id) return false;
  if (isQualifiedName(p) || isTypeReferenceNode(p)) return false;
  if ((isPropertyAssignment(p) || isPropertyDeclaration(p) || isMethodDeclaration(p)) && p.name === id) return false;
  if ((isVariableDeclaration(p) || isParameter(p) || isBindingElement(p) || isFunctionDeclaration(p)) && p.name === id) return false;
  return true;
}

/** A parameter of `fn` named `name` hides the outer binding inside it. */
export function shadowsName(fn: ts.SignatureDeclaration, name: string): boolean {
  return fn.parameters.some((p) => isIdentifier(p.name) && p.name.text === name);
}

/** Functions declared in a body (not inside nested functions): declarations and `const f = () => …`. */
export function localFunctions(body: ts.Node): [string, ts.Node][] {
  const out: [string, ts.Node][] = [];
  const visit = (n: ts.Node): void => {
    if (isFunctionDeclaration(n) && n.name) out.push([n.name.text, n]);
    else if (isVariableDeclaration(n) && isIdentifier(n.name) && n.initializer) {
      const init = skipOuterExpressions(n.initializer, OUTER_VALUE);
      if (isArrowFunction(init) || isFunctionExpression(init)) out.push([n.name.text, init]);
    }
    if (!isFunctionLike(n)) forEachChild(n, visit);
  };
  forEachChild(body, visit);
  return out;
}

// --- where code is and what runs next -----------------------------------------------------------

/** The function, method, constructor or accessor whose body holds `node`. */
export function enclosingFunction(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (isFunctionDeclaration(n) || isFunctionExpression(n) || isArrowFunction(n) || isMethodDeclaration(n) || isConstructorDeclaration(n) || isAccessor(n)) {
      return n;
    }
  }
  return undefined;
}

/** The expression or variable statement holding `node`, not looking past a function. */
export function enclosingStatement(node: ts.Node): ts.Statement | undefined {
  for (let n: ts.Node | undefined = node; n; n = n.parent) {
    if (isFunctionLike(n)) return undefined;
    if (ts.isExpressionStatement(n) || isVariableStatement(n)) return n;
  }
  return undefined;
}

/** The statement that runs after `st` within `body`, climbing out of blocks and branches; undefined at the end. */
export function nextStatement(st: ts.Statement, body: ts.Node): ts.Statement | undefined {
  for (let n: ts.Node = st; n !== body && n.parent; n = n.parent) {
    const p = n.parent;
    if (isFunctionLike(p)) return undefined;
    if (isIterationStatement(p, false)) return p;
    const list = isBlock(p) || isSourceFile(p) || isCaseClause(p) || isDefaultClause(p) ? p.statements : undefined;
    const i = list ? list.indexOf(n as ts.Statement) : -1;
    if (list && i >= 0 && i < list.length - 1) return list[i + 1];
    if (p === body) return undefined;
  }
  return undefined;
}

/** A statement that always returns or throws. */
export function endsAbruptly(st: ts.Statement): boolean {
  if (isReturnStatement(st) || isThrowStatement(st)) return true;
  if (isBlock(st)) return st.statements.length > 0 && endsAbruptly(st.statements[st.statements.length - 1]);
  if (isIfStatement(st)) return !!st.elseStatement && endsAbruptly(st.thenStatement) && endsAbruptly(st.elseStatement);
  return false;
}

/**
 * Whether running a node may throw: it calls, constructs, awaits or throws. Calls `safe` accepts do not
 * count (their arguments still do); nested functions and classes only declare code.
 */
export function mayThrow(node: ts.Node, safe?: (call: ts.CallExpression) => boolean): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found || isFunctionLike(n) || isClassLike(n)) return;
    if (safe && isCallExpression(n) && safe(n)) {
      n.arguments.forEach(visit);
      return;
    }
    if (isCallExpression(n) || isNewExpression(n) || isAwaitExpression(n) || isYieldExpression(n) || isThrowStatement(n) || isTaggedTemplateExpression(n)) {
      found = true;
      return;
    }
    forEachChild(n, visit);
  };
  visit(node);
  return found;
}

// --- null guards --------------------------------------------------------------------------------

export function isUndefinedOrNull(e: ts.Node): boolean {
  return e.kind === SK.NullKeyword || (isIdentifier(e) && e.text === 'undefined');
}

const isName = (e: ts.Expression, name: string) => {
  const u = skipOuterExpressions(e, OUTER_VALUE);
  return isIdentifier(u) && u.text === name;
};
const isNullish = (e: ts.Expression) => isUndefinedOrNull(skipOuterExpressions(e, OUTER_VALUE));

/**
 * A return or throw that runs only when `name` holds nothing: in the `then` of `if (!x)`, `if (x == null)`,
 * `if (x === undefined)` (also `||`-joined with other tests), or in the `else` of `if (x)`, `if (x != null)`.
 */
export function guardedByAbsence(exit: ts.Node, name: string, body: ts.Node): boolean {
  if (!isReturnStatement(exit) && !isThrowStatement(exit)) return false;
  for (let n: ts.Node = exit; n.parent && n !== body; n = n.parent) {
    const p = n.parent;
    if (isFunctionLike(p)) return false;
    if (!isIfStatement(p)) continue;
    if (p.thenStatement === n && testsAbsence(p.expression, name)) return true;
    if (p.elseStatement === n && testsPresence(p.expression, name)) return true;
  }
  return false;
}

function testsAbsence(cond: ts.Expression, name: string): boolean {
  const e = skipOuterExpressions(cond, OUTER_VALUE);
  if (ts.isPrefixUnaryExpression(e) && e.operator === SK.ExclamationToken) return isName(e.operand, name);
  if (!isBinaryExpression(e)) return false;
  const op = e.operatorToken.kind;
  if (op === SK.BarBarToken) return testsAbsence(e.left, name) || testsAbsence(e.right, name);
  if (op !== SK.EqualsEqualsToken && op !== SK.EqualsEqualsEqualsToken) return false;
  return (isName(e.left, name) && isNullish(e.right)) || (isName(e.right, name) && isNullish(e.left));
}

function testsPresence(cond: ts.Expression, name: string): boolean {
  const e = skipOuterExpressions(cond, OUTER_VALUE);
  if (isName(e, name)) return true;
  if (!isBinaryExpression(e)) return false;
  const op = e.operatorToken.kind;
  if (op === SK.AmpersandAmpersandToken) return testsPresence(e.left, name) || testsPresence(e.right, name);
  if (op !== SK.ExclamationEqualsToken && op !== SK.ExclamationEqualsEqualsToken) return false;
  return (isName(e.left, name) && isNullish(e.right)) || (isName(e.right, name) && isNullish(e.left));
}

// --- constant values ----------------------------------------------------------------------------

/** Whether a value is constant: yes, no, or "yes if these imports are constants" (decided across files). */
export type Constness = { constant: false } | { constant: true; imports: BindingRef[] };
const NOT_CONSTANT: Constness = { constant: false };
const CONSTANT: Constness = { constant: true, imports: [] };

/** `String.raw\`…\`` */
export function isStringRaw(e: ts.Node): e is ts.TaggedTemplateExpression {
  if (!isTaggedTemplateExpression(e)) return false;
  const tag = e.tag;
  return isPropertyAccessExpression(tag) && isIdentifier(tag.expression) && tag.expression.text === 'String' && tag.name.text === 'raw';
}

/**
 * Whether an expression always has the same value: literals, templates and concatenations of constants,
 * either branch of a conditional, `const`s with constant initializers, enum members and a class's `name`;
 * an import (or a namespace import's member) is constant if cross-file analysis says so.
 */
export function constness(ctx: Pick<FileNames, 'imports'>, e: ts.Expression, depth = 0): Constness {
  if (depth > 8) return NOT_CONSTANT;
  e = skipOuterExpressions(e, OUTER_TYPES);
  if (isStringLiteral(e) || isNoSubstitutionTemplateLiteral(e) || isNumericLiteral(e) || isBigIntLiteral(e)) return CONSTANT;
  if (e.kind === SK.TrueKeyword || e.kind === SK.FalseKeyword || e.kind === SK.NullKeyword) return CONSTANT;
  if (isTemplateExpression(e)) return all(e.templateSpans.map((s) => constness(ctx, s.expression, depth + 1)));
  if (isStringRaw(e)) return isTemplateExpression(e.template) ? constness(ctx, e.template, depth + 1) : CONSTANT;
  if (isBinaryExpression(e) && e.operatorToken.kind === SK.PlusToken) return all([constness(ctx, e.left, depth + 1), constness(ctx, e.right, depth + 1)]);
  // `${ok ? 'passed' : 'failed'}`: one of a fixed set of values, whatever the condition.
  if (isConditionalExpression(e)) return all([constness(ctx, e.whenTrue, depth + 1), constness(ctx, e.whenFalse, depth + 1)]);
  if (isIdentifier(e)) {
    const decl = declarationOf(e);
    if (decl && isVariableDeclaration(decl)) return isConstDeclaration(decl) && decl.initializer ? constness(ctx, decl.initializer, depth + 1) : NOT_CONSTANT;
    if (decl) return NOT_CONSTANT;
    const imp = ctx.imports[e.text];
    return imp ? { constant: true, imports: [{ kind: 'import', specifier: imp.specifier, name: imp.name }] } : NOT_CONSTANT;
  }
  // `Level.Info` on an enum of this file, a class's `name`; `messages.CREATED` on a namespace import (decided across files).
  if (isPropertyAccessExpression(e) && isIdentifier(e.expression)) {
    const decl = declarationOf(e.expression);
    if (decl) return isEnumDeclaration(decl) || (isClassDeclaration(decl) && e.name.text === 'name') ? CONSTANT : NOT_CONSTANT;
    const imp = ctx.imports[e.expression.text];
    return imp?.name === '*' ? { constant: true, imports: [{ kind: 'import', specifier: imp.specifier, name: e.name.text }] } : NOT_CONSTANT;
  }
  return NOT_CONSTANT;
}

function all(parts: Constness[]): Constness {
  const imports: BindingRef[] = [];
  for (const p of parts) {
    if (!p.constant) return NOT_CONSTANT;
    imports.push(...p.imports);
  }
  return { constant: true, imports };
}

// --- where a receiver comes from ---------------------------------------------------------------

/**
 * Where the receiver of a method call comes from: a library kind (`otel.tracer`, `pino.logger`) when its
 * origin is known; else its name, when `byName` matches it (`tracer`, `this.logger`); else, for a plain
 * identifier imported from a module whose kind this file cannot know, that import (a condition the caller
 * hands to cross-file analysis) — not when a local declaration shadows it, with `unlessDeclared`. A receiver
 * trusted by its name that is also such an import carries it too (`imported`), for what only the import
 * can decide. `outer`: the wrappers looked through for the name.
 */
export function receiverOrigin(
  ctx: FileNames,
  receiver: ts.Expression,
  byName: RegExp,
  unlessDeclared = false,
  outer: number = OUTER_TYPES,
): { kind: string } | { byName: true; imported?: BindingRef } | { imported: BindingRef } | undefined {
  const kind = ctx.kindOf(receiver);
  if (kind) return { kind };
  const r = skipOuterExpressions(receiver, outer);
  const name = isIdentifier(r) ? r.text : isPropertyAccessExpression(r) ? r.name.text : undefined;
  const imp = isIdentifier(r) && !(unlessDeclared && declarationOf(r)) ? ctx.imports[r.text] : undefined;
  const imported: BindingRef | undefined = imp && { kind: 'import', specifier: imp.specifier, name: imp.name };
  if (name && byName.test(name)) return imported ? { byName: true, imported } : { byName: true };
  return imported && { imported };
}
