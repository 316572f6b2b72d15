import { ts } from '#ts';
import { defineRule, type RuleContext } from '../../src/engine/rule.js';
import { analyzeLifecycle } from '../../src/analysis/lifecycle.js';
import { isUndefinedOrNull } from '../../src/analysis/summarize.js';
import { globToRegExp } from '../../src/analysis/patterns.js';
import type { BindingRef } from '../../src/types.js';

// Hoisted: `ts.X` on the bundled compiler is a getter on a dictionary-mode object (about 10 ns a use), and these run per call or node.
const {
  forEachChild,
  isAccessor,
  isArrayLiteralExpression,
  isArrowFunction,
  isAsExpression,
  isAwaitExpression,
  isBinaryExpression,
  isBindingElement,
  isBlock,
  isCallExpression,
  isCaseClause,
  isCatchClause,
  isClassLike,
  isConditionalExpression,
  isConstructorDeclaration,
  isDefaultClause,
  isElementAccessExpression,
  isExpressionStatement,
  isFunctionDeclaration,
  isFunctionExpression,
  isFunctionLike,
  isIdentifier,
  isIfStatement,
  isIterationStatement,
  isMethodDeclaration,
  isNewExpression,
  isNoSubstitutionTemplateLiteral,
  isNonNullExpression,
  isParameter,
  isParenthesizedExpression,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isPropertyDeclaration,
  isQualifiedName,
  isReturnStatement,
  isSatisfiesExpression,
  isShorthandPropertyAssignment,
  isSourceFile,
  isSpreadElement,
  isStringLiteral,
  isTaggedTemplateExpression,
  isThrowStatement,
  isTypeReferenceNode,
  isVariableDeclaration,
  isVariableDeclarationList,
  isVariableStatement,
  isYieldExpression,
} = ts;

/**
 * Tracers are often imported from a module of the project, whose kind this file cannot know: a receiver
 * of unknown origin named `tracer` / `…Tracer` (also `this.tracer`) is trusted by name.
 */
const TRACER_NAME = /^(tracer|[a-z]\w*Tracer)$/;

export default defineRule({
  meta: {
    id: 'otel/span-lifecycle',
    pillar: 'otel',
    description: 'Every started span is ended on every path, records the errors it sees, or is handed to code that does.',
    defaultSeverity: 'error',
    requiresTypeChecking: false,
    messages: {
      neverEnded: 'Span {{span}} is started but never ended nor handed on',
      unendedExit: 'Span {{span}} is not ended when the function leaves at {{exits}}',
      unrecordedCatch: 'The catch at {{exits}} inside span {{span}} neither records the exception nor sets an error status',
    },
    help: 'Wrap the span body in try/catch/finally: record the exception and set an error status in the catch, end the span in the finally.',
  },
  create(ctx) {
    const enders = ctx.config.telemetry.spanEnders.map((p) => globToRegExp(p));
    return {
      CallExpression(call: ts.CallExpression) {
        const callee = unwrap(call.expression);
        if (!isPropertyAccessExpression(callee)) return;
        const method = callee.name.text;
        if (method !== 'startSpan' && method !== 'startActiveSpan') return;
        const tracer = tracerOf(ctx, callee.expression);
        if (!tracer) return;
        // An import of unknown kind is judged, and the findings kept only if it is a tracer across files.
        const report: Report = (messageId, data) => ctx.reportAt(call, messageId, data, tracer === true ? undefined : { onlyIfKind: tracer });
        if (method === 'startActiveSpan') checkActiveSpan(ctx, call, enders, report);
        else checkStartedSpan(ctx, call, enders, report);
      },
    };
  },
});

function unwrap(e: ts.Expression): ts.Expression {
  while (isParenthesizedExpression(e) || isAsExpression(e) || isNonNullExpression(e) || isSatisfiesExpression(e) || isAwaitExpression(e)) {
    e = e.expression;
  }
  return e;
}

type Report = (messageId: string, data: Record<string, string>) => void;

/** Span methods that return the span, so a chain of them is still the span. */
const SPAN_CHAINABLE = new Set(['setAttribute', 'setAttributes', 'addEvent', 'addLink', 'addLinks', 'setStatus', 'updateName']);

/** True for a tracer by origin or by name; a cross-file condition for an import of unknown kind. */
function tracerOf(ctx: RuleContext, receiver: ts.Expression): true | { ref: BindingRef; kinds: string[] } | undefined {
  const kind = ctx.kindOf(receiver);
  if (kind) return kind === 'otel.tracer' ? true : undefined;
  const r = unwrap(receiver);
  const name = isIdentifier(r) ? r.text : isPropertyAccessExpression(r) ? r.name.text : undefined;
  if (name && TRACER_NAME.test(name)) return true;
  const imp = isIdentifier(r) ? ctx.summary.imports[r.text] : undefined;
  return imp ? { ref: { kind: 'import', specifier: imp.specifier, name: imp.name }, kinds: ['otel.tracer'] } : undefined;
}

/** `tracer.startActiveSpan(name, (span) => { … })`: the callback body is the span's scope. */
function checkActiveSpan(ctx: RuleContext, call: ts.CallExpression, enders: RegExp[], report: Report): void {
  const last = call.arguments.length ? unwrap(call.arguments[call.arguments.length - 1]) : undefined;
  if (!last || !(isArrowFunction(last) || isFunctionExpression(last))) return;
  const param = last.parameters[0];
  if (!param || !isIdentifier(param.name)) return;
  judge(ctx, call, param.name.text, last.body, undefined, undefined, enders, report);
}

/** `const span = tracer.startSpan(…)`: the enclosing function is the span's scope. */
function checkStartedSpan(ctx: RuleContext, call: ts.CallExpression, enders: RegExp[], report: Report): void {
  let e: ts.Node = call;
  for (;;) {
    const p = e.parent;
    if (p && (isParenthesizedExpression(p) || isAsExpression(p) || isNonNullExpression(p) || isAwaitExpression(p))) e = p;
    // `tracer.startSpan('x').setAttributes({ … })` returns the span itself.
    else if (p && isPropertyAccessExpression(p) && SPAN_CHAINABLE.has(p.name.text) && isCallExpression(p.parent) && p.parent.expression === p) e = p.parent;
    else break;
  }
  const p = e.parent;
  if (isExpressionStatement(p)) {
    report('neverEnded', { span: spanName(ctx, call) });
    return;
  }
  let name: string;
  let decl: ts.VariableDeclaration | undefined;
  if (isVariableDeclaration(p) && p.initializer === e && isIdentifier(p.name)) {
    // `using span = …` is ended by its disposal.
    if (isVariableDeclarationList(p.parent) && p.parent.flags & ts.NodeFlags.Using) return;
    name = p.name.text;
    decl = p;
  } else if (isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && p.right === e && isIdentifier(p.left)) {
    name = p.left.text;
    // A variable of an enclosing function or the module is someone else's to end.
    decl = localDeclaration(p, name);
    if (!decl) return;
  } else {
    // Returned, passed to a function, stored in a property, an array or an object: handed on.
    return;
  }
  const fn = enclosingFunction(call);
  const body = fn ? fn.body : call.getSourceFile();
  const start = enclosingStatement(e);
  if (!body || !start) return;
  const declStatement = isVariableStatement(decl.parent.parent) ? decl.parent.parent : undefined;
  judge(ctx, call, name, body, start, declStatement?.parent, enders, report);
}

function judge(
  ctx: RuleContext,
  call: ts.CallExpression,
  name: string,
  body: ts.Node,
  start: ts.Statement | undefined,
  visibleIn: ts.Node | undefined,
  enders: RegExp[],
  report: Report,
): void {
  // `function finish() { span.end(); }` declared in the scope: calling it ends the span.
  const fns = localFunctions(body);
  const local = { enders: new Set<string>(), functions: new Set(fns.map(([, fn]) => fn)) };
  for (const [fnName, fn] of fns) if (containsRelease(ctx, fn, name, enders, local)) local.enders.add(fnName);
  const memo = new Map<ts.Node, boolean>();
  const releases = (node: ts.Node): boolean => {
    let r = memo.get(node);
    if (r === undefined) memo.set(node, (r = containsRelease(ctx, node, name, enders, local)));
    return r;
  };
  const span = spanName(ctx, call);
  const released = releases(body);
  if (!released) report('neverEnded', { span });
  const flow = analyzeLifecycle({ body, start, releases, visibleIn, mayThrow: (node) => mayThrow(node, name) });
  // `if (!span) return;`: where there is no span, none is left open.
  const openExits = flow.openExits.filter((n) => !guardedByAbsence(n, name, body));
  if (released && openExits.length) {
    report('unendedExit', { span, exits: describe(ctx, openExits) });
  }
  // Which catches run inside the span is asked of the code that ends it: a span lent to a helper
  // (`setAttributes(span, …)`) and ended here is still this scope's, and so are the errors caught in it.
  const endOnly = { enders: new Set<string>(), functions: local.functions };
  for (const [fnName, fn] of fns) if (containsRelease(ctx, fn, name, enders, endOnly, true)) endOnly.enders.add(fnName);
  const ends = (node: ts.Node): boolean => containsRelease(ctx, node, name, enders, endOnly, true);
  const owned = analyzeLifecycle({ body, start, releases: ends, visibleIn, mayThrow: (node) => mayThrow(node, name) });
  // `const fail = (err) => { span.recordException(err); … }` declared in the scope records where it is called.
  const recorders = new Set(fns.filter(([, fn]) => records(fn, name, NO_RECORDERS)).map(([fnName]) => fnName));
  const unrecorded = owned.catches.filter((c) => !records(c.block, name, recorders) && !handledAndContinued(c, body, name, ends));
  if (unrecorded.length) report('unrecordedCatch', { span, exits: describe(ctx, unrecorded) });
}

/**
 * A catch that swallows the error of a side step (an attribute that failed to serialise, a hook that threw)
 * and lets the span's work go on: the operation did not fail, so the span should not say it did. Judged by
 * what follows the try: more work inside the span, or the span handed on. A catch that rethrows or returns,
 * or is followed by the end of the span (a `finally`, the next statement, the end of the scope) is not.
 */
function handledAndContinued(clause: ts.CatchClause, body: ts.Node, name: string, ends: (node: ts.Node) => boolean): boolean {
  const attempt = clause.parent;
  if (endsAbruptly(clause.block) || (attempt.finallyBlock && ends(attempt.finallyBlock))) return false;
  const next = nextStatement(attempt, body);
  if (!next) return false;
  if (isReturnStatement(next)) return !!next.expression && (returnsSpan(next.expression) || mayThrow(next.expression, name));
  if (!isExpressionStatement(next)) return true;
  // `span.end()`, `finish()`, `endSpan(span)`: the span ends right after the catch.
  const e = unwrap(next.expression);
  return !(isCallExpression(e) && (ends(e.expression) || (ends(e) && !e.arguments.some((a) => isFunctionLike(unwrap(a))))));
}

/** `return span` / `return [res, span]`: the span itself is what the function hands back. */
function returnsSpan(e: ts.Expression): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found || isFunctionLike(n)) return;
    if (isIdentifier(n) && isReference(n) && isRelease(n)) found = true;
    else forEachChild(n, visit);
  };
  visit(e);
  return found;
}

function endsAbruptly(st: ts.Statement): boolean {
  if (isReturnStatement(st) || isThrowStatement(st)) return true;
  if (isBlock(st)) return st.statements.length > 0 && endsAbruptly(st.statements[st.statements.length - 1]);
  if (isIfStatement(st)) return !!st.elseStatement && endsAbruptly(st.thenStatement) && endsAbruptly(st.elseStatement);
  return false;
}

/** The statement that runs after `st` within the scope, climbing out of blocks and branches; undefined at the end. */
function nextStatement(st: ts.Statement, body: ts.Node): ts.Statement | undefined {
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

function spanName(ctx: RuleContext, call: ts.CallExpression): string {
  const first = call.arguments[0];
  return first && (isStringLiteral(first) || isNoSubstitutionTemplateLiteral(first)) ? `'${first.text}'` : ctx.text(call.arguments[0] ?? call).slice(0, 40);
}

/**
 * A return or throw that runs only when the span is absent: in the `then` of `if (!span)`, `if (span ==
 * null)`, `if (span === undefined)` (also `||`-joined with other tests), or in the `else` of `if (span)`,
 * `if (span != null)`.
 */
function guardedByAbsence(exit: ts.Node, name: string, body: ts.Node): boolean {
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

const isName = (e: ts.Expression, name: string) => isIdentifier(unwrap(e)) && (unwrap(e) as ts.Identifier).text === name;
const isNullish = (e: ts.Expression) => isUndefinedOrNull(unwrap(e));

function testsAbsence(cond: ts.Expression, name: string): boolean {
  const e = unwrap(cond);
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) return isName(e.operand, name);
  if (!isBinaryExpression(e)) return false;
  const op = e.operatorToken.kind;
  if (op === ts.SyntaxKind.BarBarToken) return testsAbsence(e.left, name) || testsAbsence(e.right, name);
  if (op !== ts.SyntaxKind.EqualsEqualsToken && op !== ts.SyntaxKind.EqualsEqualsEqualsToken) return false;
  return (isName(e.left, name) && isNullish(e.right)) || (isName(e.right, name) && isNullish(e.left));
}

function testsPresence(cond: ts.Expression, name: string): boolean {
  const e = unwrap(cond);
  if (isName(e, name)) return true;
  if (!isBinaryExpression(e)) return false;
  const op = e.operatorToken.kind;
  if (op === ts.SyntaxKind.AmpersandAmpersandToken) return testsPresence(e.left, name) || testsPresence(e.right, name);
  if (op !== ts.SyntaxKind.ExclamationEqualsToken && op !== ts.SyntaxKind.ExclamationEqualsEqualsToken) return false;
  return (isName(e.left, name) && isNullish(e.right)) || (isName(e.right, name) && isNullish(e.left));
}

function describe(ctx: RuleContext, nodes: ts.Node[]): string {
  return nodes
    .map((n) => {
      const line = ctx.sourceFile.getLineAndCharacterOfPosition(n.getEnd()).line + 1;
      if (isReturnStatement(n)) return `the return on line ${ctx.span(n).line}`;
      if (isThrowStatement(n)) return `the throw on line ${ctx.span(n).line}`;
      if (isCatchClause(n)) return `line ${ctx.span(n).line}`;
      return `the end of the function (line ${line})`;
    })
    .join(', ');
}

function enclosingFunction(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (isFunctionDeclaration(n) || isFunctionExpression(n) || isArrowFunction(n) || isMethodDeclaration(n) || isConstructorDeclaration(n) || isAccessor(n)) {
      return n;
    }
  }
  return undefined;
}

function enclosingStatement(node: ts.Node): ts.Statement | undefined {
  for (let n: ts.Node | undefined = node; n; n = n.parent) {
    if (isFunctionLike(n)) return undefined;
    if (isStatement(n)) return n;
  }
  return undefined;
}

function isStatement(n: ts.Node): n is ts.Statement {
  return isExpressionStatement(n) || isVariableStatement(n);
}

/** The `let` declaring `name` in the same function as `node`, if any. */
function localDeclaration(node: ts.Node, name: string): ts.VariableDeclaration | undefined {
  for (let n = node; n.parent; n = n.parent) {
    const p = n.parent;
    if (isBlock(p) || isSourceFile(p) || isCaseClause(p) || isDefaultClause(p)) {
      for (const st of p.statements) {
        if (!isVariableStatement(st)) continue;
        for (const d of st.declarationList.declarations) if (isIdentifier(d.name) && d.name.text === name) return d;
      }
    }
    if (isFunctionLike(p) || isSourceFile(p)) return undefined;
  }
  return undefined;
}

/**
 * Whether `node` ends the span or hands it on: `span.end()` (or `span.end` passed along), the span passed
 * to a function, returned, yielded, stored in a property, array or object, assigned to another variable,
 * a closure that does any of these, or a configured span-ending helper.
 */
function containsRelease(
  ctx: RuleContext,
  node: ts.Node,
  name: string,
  enders: RegExp[],
  local: { enders: ReadonlySet<string>; functions: ReadonlySet<ts.Node> } = NO_LOCALS,
  endsOnly = false,
): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (isIdentifier(n) && n.text === name && isReference(n) && (endsOnly ? isEnd(n) : isRelease(n))) {
      found = true;
      return;
    }
    // A local function that ends the span, called or passed on; its own body counts only through that.
    if (isIdentifier(n) && local.enders.has(n.text) && isReference(n) && ((isCallExpression(n.parent) && n.parent.expression === n) || isRelease(n))) {
      found = true;
      return;
    }
    if (n !== node && local.functions.has(n)) return;
    if (enders.length && isCallExpression(n)) {
      const text = ctx.text(n.expression).replace(/\s+/g, '').replace(/^this\./, '');
      if (enders.some((r) => r.test(text))) {
        found = true;
        return;
      }
    }
    if (isFunctionLike(n) && n !== node && shadows(n, name)) return;
    forEachChild(n, visit);
  };
  visit(node);
  return found;
}

const NO_LOCALS = { enders: new Set<string>(), functions: new Set<ts.Node>() };

/** Functions declared in a body (not inside nested functions): declarations and `const f = () => …`. */
function localFunctions(body: ts.Node): [string, ts.Node][] {
  const out: [string, ts.Node][] = [];
  const visit = (n: ts.Node): void => {
    if (isFunctionDeclaration(n) && n.name) out.push([n.name.text, n]);
    else if (isVariableDeclaration(n) && isIdentifier(n.name) && n.initializer) {
      const init = unwrap(n.initializer);
      if (isArrowFunction(init) || isFunctionExpression(init)) out.push([n.name.text, init]);
    }
    if (!isFunctionLike(n)) forEachChild(n, visit);
  };
  forEachChild(body, visit);
  return out;
}

function shadows(fn: ts.SignatureDeclaration, name: string): boolean {
  return fn.parameters.some((p) => isIdentifier(p.name) && p.name.text === name);
}

function isReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (isPropertyAccessExpression(p) && p.name === id) return false;
  if (isQualifiedName(p) || isTypeReferenceNode(p)) return false;
  if ((isPropertyAssignment(p) || isPropertyDeclaration(p) || isMethodDeclaration(p)) && p.name === id) return false;
  if ((isVariableDeclaration(p) || isParameter(p) || isBindingElement(p) || isFunctionDeclaration(p)) && p.name === id) return false;
  return true;
}

/** `span.end()` (or `span.end` passed along), not a hand-off. */
function isEnd(id: ts.Identifier): boolean {
  let e: ts.Node = id;
  while (isParenthesizedExpression(e.parent) || isAsExpression(e.parent) || isNonNullExpression(e.parent)) e = e.parent;
  const p = e.parent;
  return isPropertyAccessExpression(p) && p.expression === e && p.name.text === 'end';
}

function isRelease(id: ts.Identifier): boolean {
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
    return p.expression === e && member === 'end';
  }
  if (isCallExpression(p) && isContextPlumbing(p)) return p.arguments.includes(e as ts.Expression) && leavesScope(p);
  if (isCallExpression(p) || isNewExpression(p)) return !!p.arguments?.includes(e as ts.Expression);
  if (isBinaryExpression(p)) return p.operatorToken.kind === ts.SyntaxKind.EqualsToken && p.right === e;
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
 * A context holding the span leaves the scope: returned (`return trace.setSpan(ctx, span)`), stored in a
 * property, an object or an array. A context only used locally (`context.with(trace.setSpan(…), fn)`, a local
 * variable) leaves the span to this scope.
 */
function leavesScope(e: ts.Expression): boolean {
  let n: ts.Node = e;
  while (isParenthesizedExpression(n.parent) || isAsExpression(n.parent) || isNonNullExpression(n.parent) || isSatisfiesExpression(n.parent) || (isConditionalExpression(n.parent) && n.parent.condition !== n)) {
    n = n.parent;
  }
  const p = n.parent;
  if (isBinaryExpression(p)) return p.operatorToken.kind === ts.SyntaxKind.EqualsToken && p.right === n && (isPropertyAccessExpression(p.left) || isElementAccessExpression(p.left));
  return (
    isReturnStatement(p) ||
    isYieldExpression(p) ||
    (isArrowFunction(p) && p.body === n) ||
    (isPropertyAssignment(p) && p.initializer === n) ||
    isArrayLiteralExpression(p)
  );
}

/** `trace.setSpan(context.active(), span)` puts the span in a context; it does not take ownership of it. */
function isContextPlumbing(call: ts.CallExpression | ts.NewExpression): boolean {
  const callee = unwrap(call.expression);
  const name = isPropertyAccessExpression(callee) ? callee.name.text : isIdentifier(callee) ? callee.text : '';
  return name === 'setSpan';
}

function isValueOperator(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.QuestionQuestionToken || kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.CommaToken;
}

const NO_RECORDERS: ReadonlySet<string> = new Set();

/**
 * A catch block records the error on the span: `recordException` / `setStatus`, the span handed to a helper,
 * or a call to a local function of the span's scope that records.
 */
function records(block: ts.Node, name: string, recorders: ReadonlySet<string>): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (isCallExpression(n)) {
      const callee = unwrap(n.expression);
      if (isPropertyAccessExpression(callee) && (callee.name.text === 'recordException' || callee.name.text === 'setStatus')) found = true;
      else if (isIdentifier(callee) && recorders.has(callee.text)) found = true;
      else if (n.arguments.some((a) => isIdentifier(unwrap(a)) && (unwrap(a) as ts.Identifier).text === name)) found = true;
    }
    forEachChild(n, visit);
  };
  visit(block);
  return found;
}

/**
 * Whether running a node may throw: it calls, constructs, awaits or throws. Methods of the span itself
 * (`span.setAttribute(…)`, `span.end()`) do not count: the OpenTelemetry API never throws. Nested functions
 * and classes only declare code.
 */
function mayThrow(node: ts.Node, name: string): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found || isFunctionLike(n) || isClassLike(n)) return;
    if (isCallExpression(n)) {
      const callee = unwrap(n.expression);
      if (isPropertyAccessExpression(callee) && isIdentifier(callee.expression) && callee.expression.text === name) {
        n.arguments.forEach(visit);
        return;
      }
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
