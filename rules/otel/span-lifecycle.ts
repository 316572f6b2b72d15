import { ts } from '#ts';
import { defineRule, type OffsetEdit, type RuleContext } from '../../src/engine/rule.js';
import { analyzeLifecycle } from '../../src/analysis/lifecycle.js';
import { SPAN_LIFECYCLE } from '../../src/analysis/emissions.js';
import { containsRelease, recordsError, returnsResource, type LocalFunctions } from '../../src/analysis/handoff.js';
import {
  OUTER_VALUE,
  endsAbruptly,
  enclosingFunction,
  enclosingStatement,
  guardedByAbsence,
  localFunctions,
  mayThrow,
  nextStatement,
  receiverOrigin,
  skipOuterExpressions,
  variableDeclarationOf,
} from '../../src/analysis/semantic.js';
import { globToRegExp } from '../../src/analysis/patterns.js';
import { endFix, recordFix } from '../../src/analysis/span-fixes.js';
import type { BindingRef } from '../../src/types.js';

// Hoisted: `ts.X` on the bundled compiler is a getter on a dictionary-mode object (about 10 ns a use), and these run per call or node.
const {
  isArrowFunction,
  isAsExpression,
  isAwaitExpression,
  isBinaryExpression,
  isCallExpression,
  isCatchClause,
  isExpressionStatement,
  isFunctionExpression,
  isFunctionLike,
  isIdentifier,
  isNoSubstitutionTemplateLiteral,
  isNonNullExpression,
  isParenthesizedExpression,
  isPropertyAccessExpression,
  isReturnStatement,
  isStringLiteral,
  isThrowStatement,
  isVariableDeclaration,
  isVariableDeclarationList,
  isVariableStatement,
} = ts;
const SPAN = SPAN_LIFECYCLE.span;
const unwrap = (e: ts.Expression) => skipOuterExpressions(e, OUTER_VALUE);
type Ctx = RuleContext<Record<string, unknown>, 'neverEnded' | 'unendedExit' | 'unrecordedCatch'>;
type Report = (messageId: 'neverEnded' | 'unendedExit' | 'unrecordedCatch', data: Record<string, string>, fix?: OffsetEdit[]) => void;

export default defineRule({
  meta: {
    id: 'otel/span-lifecycle',
    pillar: 'otel',
    description: 'Every started span is ended on every path, records the errors it sees, or is handed to code that does.',
    defaultSeverity: 'error',
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
        const style = SPAN_LIFECYCLE.starts.get(callee.name.text);
        if (!style) return;
        const tracer = tracerOf(ctx, callee.expression);
        if (!tracer) return;
        // An import of unknown kind is judged, and the findings kept only if it is a tracer across files.
        const report: Report = (messageId, data, fix) =>
          ctx.report(call, messageId, data, tracer === true && !fix ? undefined : { ...(tracer === true ? {} : { onlyIfKind: tracer }), ...(fix ? { fix } : {}) });
        if (style === 'callback') checkActiveSpan(ctx, call, enders, report);
        else checkStartedSpan(ctx, call, enders, report);
      },
    };
  },
});

/** True for a tracer by origin or by name; a cross-file condition for an import of unknown kind. */
function tracerOf(ctx: Ctx, receiver: ts.Expression): true | { ref: BindingRef; kinds: string[] } | undefined {
  const origin = receiverOrigin(ctx, receiver, SPAN_LIFECYCLE.tracerName, false, OUTER_VALUE);
  if (!origin) return undefined;
  if ('kind' in origin) return origin.kind === SPAN_LIFECYCLE.tracerKind ? true : undefined;
  return 'byName' in origin ? true : { ref: origin.imported, kinds: [SPAN_LIFECYCLE.tracerKind] };
}

/** `tracer.startActiveSpan(name, (span) => { … })`: the callback body is the span's scope. */
function checkActiveSpan(ctx: Ctx, call: ts.CallExpression, enders: RegExp[], report: Report): void {
  const last = call.arguments.length ? unwrap(call.arguments[call.arguments.length - 1]) : undefined;
  if (!last || !(isArrowFunction(last) || isFunctionExpression(last))) return;
  const param = last.parameters[0];
  if (!param || !isIdentifier(param.name)) return;
  judge(ctx, call, param.name.text, last.body, undefined, undefined, enders, report);
}

/** `const span = tracer.startSpan(…)`: the enclosing function is the span's scope. */
function checkStartedSpan(ctx: Ctx, call: ts.CallExpression, enders: RegExp[], report: Report): void {
  let e: ts.Node = call;
  for (;;) {
    const p = e.parent;
    if (p && (isParenthesizedExpression(p) || isAsExpression(p) || isNonNullExpression(p) || isAwaitExpression(p))) e = p;
    // `tracer.startSpan('x').setAttributes({ … })` returns the span itself.
    else if (p && isPropertyAccessExpression(p) && SPAN.chainable.has(p.name.text) && isCallExpression(p.parent) && p.parent.expression === p) e = p.parent;
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
    decl = variableDeclarationOf(p, name);
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

function judge(ctx: Ctx, call: ts.CallExpression, name: string, body: ts.Node, start: ts.Statement | undefined, visibleIn: ts.Node | undefined, enders: RegExp[], report: Report): void {
  const text = (n: ts.Node) => ctx.text(n);
  const throws = (node: ts.Node) => mayThrow(node, (c) => isMethodOf(c, name));
  // `function finish() { span.end(); }` declared in the scope: calling it ends the span.
  const fns = localFunctions(body);
  const local: LocalFunctions & { enders: Set<string> } = { enders: new Set<string>(), functions: new Set(fns.map(([, fn]) => fn)) };
  for (const [fnName, fn] of fns) if (containsRelease(SPAN, fn, name, enders, text, local)) local.enders.add(fnName);
  const memo = new Map<ts.Node, boolean>();
  const releases = (node: ts.Node): boolean => {
    let r = memo.get(node);
    if (r === undefined) memo.set(node, (r = containsRelease(SPAN, node, name, enders, text, local)));
    return r;
  };
  const span = spanName(ctx, call);
  const released = releases(body);
  // Missed on some path: the rest of the scope in try/finally, when that is all it takes (span-fixes.ts endFix).
  const wrap = () => endFix(ctx.sourceFile, name, call, body, start, SPAN_LIFECYCLE.starts);
  if (!released) report('neverEnded', { span }, wrap());
  const flow = analyzeLifecycle({ body, start, releases, visibleIn, mayThrow: throws });
  // `if (!span) return;`: where there is no span, none is left open.
  const openExits = flow.openExits.filter((n) => !guardedByAbsence(n, name, body));
  if (released && openExits.length) report('unendedExit', { span, exits: describe(ctx, openExits) }, wrap());
  // Which catches run inside the span is asked of the code that ends it: a span lent to a helper
  // (`setAttributes(span, …)`) and ended here is still this scope's, and so are the errors caught in it.
  const endOnly: LocalFunctions & { enders: Set<string> } = { enders: new Set<string>(), functions: local.functions };
  for (const [fnName, fn] of fns) if (containsRelease(SPAN, fn, name, enders, text, endOnly, true)) endOnly.enders.add(fnName);
  const ends = (node: ts.Node): boolean => containsRelease(SPAN, node, name, enders, text, endOnly, true);
  const owned = analyzeLifecycle({ body, start, releases: ends, visibleIn, mayThrow: throws });
  // `const fail = (err) => { span.recordException(err); … }` declared in the scope records where it is called.
  const recorders = new Set(fns.filter(([, fn]) => recordsError(SPAN, fn, name, NO_RECORDERS)).map(([fnName]) => fnName));
  const unrecorded = owned.catches.filter((c) => !recordsError(SPAN, c.block, name, recorders) && !handledAndContinued(c, body, name, ends));
  if (unrecorded.length) report('unrecordedCatch', { span, exits: describe(ctx, unrecorded) }, recordFix(ctx, name, unrecorded));
}

const NO_RECORDERS: ReadonlySet<string> = new Set();

/** A method of the span itself (`span.setAttribute(…)`): the OpenTelemetry API never throws. */
function isMethodOf(call: ts.CallExpression, name: string): boolean {
  const callee = unwrap(call.expression);
  return isPropertyAccessExpression(callee) && isIdentifier(callee.expression) && callee.expression.text === name;
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
  if (isReturnStatement(next)) return !!next.expression && (returnsResource(SPAN, next.expression) || mayThrow(next.expression, (c) => isMethodOf(c, name)));
  if (!isExpressionStatement(next)) return true;
  // `span.end()`, `finish()`, `endSpan(span)`: the span ends right after the catch.
  const e = unwrap(next.expression);
  return !(isCallExpression(e) && (ends(e.expression) || (ends(e) && !e.arguments.some((a) => isFunctionLike(unwrap(a))))));
}

function spanName(ctx: Ctx, call: ts.CallExpression): string {
  const first = call.arguments[0];
  return first && (isStringLiteral(first) || isNoSubstitutionTemplateLiteral(first)) ? `'${first.text}'` : ctx.text(call.arguments[0] ?? call).slice(0, 40);
}

function describe(ctx: Ctx, nodes: ts.Node[]): string {
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
