// What the scheduled-job adapters share (not an adapter itself): target names a reader can search for
// (`cron "0 * * * *" syncInvoices`), and the coverage a Sentry cron monitor gives the jobs of a library it
// instrumented (`Sentry.cron.instrumentNodeCron(cron)`, `Sentry.cron.instrumentCron(CronJob, slug)`).
import { ts } from '#ts';
import type { ScanContext } from '../analysis/plugin.js';
import type { CoverageRef } from '../types.js';
import { literalPath } from './util.js';

// Hoisted: `ts.X` on the bundled compiler is a getter on a dictionary-mode object (about 10 ns a use), and these run per call or node.
const {
  isArrowFunction,
  isAwaitExpression,
  isBlock,
  isCallExpression,
  isExpressionStatement,
  isFunctionExpression,
  isIdentifier,
  isNumericLiteral,
  isObjectLiteralExpression,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isReturnStatement,
  isStringLiteralLike,
  isVoidExpression,
} = ts;

/** Kinds the Sentry emission family gives a library its cron monitoring instrumented (src/analysis/emissions.ts). */
export const SENTRY_MONITORED_NODE_CRON = 'sentry.monitoredNodeCron';
export const SENTRY_MONITORED_CRON_JOB = 'sentry.monitoredCronJob';

/** `cron "0 * * * *" syncInvoices`: what triggers the job (a literal quoted, an expression as written), then what runs. */
export function jobName(prefix: string, trigger: ts.Expression | undefined, label: string | undefined): string {
  return [prefix, triggerText(trigger), label].filter((p) => p).join(' ');
}

function triggerText(e: ts.Expression | undefined): string {
  if (!e) return '';
  if (isStringLiteralLike(e)) return JSON.stringify(e.text);
  if (isNumericLiteral(e)) return e.text;
  const text = literalPath(e) ?? e.getText();
  const compact = text.replace(/\s+/g, ' ');
  return compact.length > 60 ? `${compact.slice(0, 57)}...` : compact;
}

/**
 * What a reader calls the function a job runs: its name (`syncInvoices`, `this.jobs.sync` → `jobs.sync`,
 * `sync.bind(this)` → `sync`), the project function an inline callback only calls (`() => this.syncInvoices()`;
 * not a library call such as `fetch(…)` or `tracer.startActiveSpan(…)`), or the function a wrapper is given
 * (`traced(syncInvoices)`). Undefined for a callback with a body of its own.
 */
export function handlerLabel(ctx: ScanContext, e: ts.Expression | undefined, hops = 0): string | undefined {
  if (!e || hops > 4) return undefined;
  if (isIdentifier(e)) return e.text;
  if (isPropertyAccessExpression(e)) return dotted(e);
  if (isCallExpression(e)) {
    const callee = e.expression;
    if (isPropertyAccessExpression(callee) && callee.name.text === 'bind') return handlerLabel(ctx, callee.expression, hops + 1);
    const fnArg = [...e.arguments].reverse().find((a) => isIdentifier(a) || isPropertyAccessExpression(a) || isArrowFunction(a) || isFunctionExpression(a));
    return handlerLabel(ctx, fnArg, hops + 1);
  }
  if (isFunctionExpression(e) && e.name) return e.name.text;
  if (isArrowFunction(e) || isFunctionExpression(e)) {
    const callee = onlyCall(e.body)?.expression;
    return callee && isProjectFunction(ctx, callee) ? handlerLabel(ctx, callee, hops + 1) : undefined;
  }
  return undefined;
}

/** A callee that names a function of the project: not a global, an import of a package or a method of a library value. */
function isProjectFunction(ctx: ScanContext, callee: ts.Expression): boolean {
  const ref = ctx.refOf(callee);
  if (!ref || (ref.kind === 'binding' && ref.ref.kind === 'import' && !/^[./]/.test(ref.ref.specifier))) return false;
  return !(isPropertyAccessExpression(callee) && ctx.kindOf(callee.expression));
}

/** `a.b.c` without a leading `this.`; undefined for anything but names and property reads. */
function dotted(e: ts.Expression): string | undefined {
  if (isIdentifier(e)) return e.text;
  if (e.kind === ts.SyntaxKind.ThisKeyword) return '';
  if (!isPropertyAccessExpression(e)) return undefined;
  const base = dotted(e.expression);
  if (base === undefined) return undefined;
  return base ? `${base}.${e.name.text}` : e.name.text;
}

/** The one call a callback body makes: `() => f()`, `async () => { await f(); }`, `() => { return f(); }`. */
function onlyCall(body: ts.ConciseBody): ts.CallExpression | undefined {
  let e: ts.Node | undefined = body;
  if (isBlock(body)) {
    // A bare `return;` after the call changes nothing (`async () => { await sync(); return; }`).
    const statements = body.statements.filter((st) => !(isReturnStatement(st) && !st.expression));
    if (statements.length !== 1) return undefined;
    const st = statements[0];
    e = isExpressionStatement(st) ? st.expression : isReturnStatement(st) ? st.expression : undefined;
  }
  while (e && (isAwaitExpression(e) || isVoidExpression(e))) e = e.expression;
  return e && isCallExpression(e) ? e : undefined;
}

/** A property of an object literal by name (`{ name: 'sync' }`), its value as written. */
export function propertyOf(obj: ts.Expression | undefined, name: string): ts.Expression | undefined {
  if (!obj || !isObjectLiteralExpression(obj)) return undefined;
  for (const p of obj.properties) {
    if (p.name && (isIdentifier(p.name) || isStringLiteralLike(p.name)) && p.name.text === name) {
      if (isPropertyAssignment(p)) return p.initializer;
      if (p.kind === ts.SyntaxKind.ShorthandPropertyAssignment) return (p as ts.ShorthandPropertyAssignment).name;
    }
  }
  return undefined;
}

/**
 * Coverage of a job scheduled through a library Sentry instrumented: every run is wrapped in Sentry's
 * `withMonitor`, which sends check-ins. The evidence names the instrumented receiver and Sentry's function
 * (imported from the same `@sentry/*` package the file uses, which is where the receiver's kind came from).
 */
export function monitorCoverage(ctx: ScanContext, receiver: ts.Node, api: string): CoverageRef[] {
  let specifier: string | undefined;
  for (const s of ctx.importSpecifiers) {
    if (s.startsWith('@sentry/')) {
      specifier = s;
      break;
    }
  }
  if (!specifier) return [];
  const text = `${ctx.text(receiver).slice(0, 60)} (Sentry ${api})`;
  return [{ via: 'cron-monitor', ref: { kind: 'binding', ref: { kind: 'import', specifier, name: 'withMonitor' } }, text, line: ctx.span(receiver).line }];
}

/** The name a job object is kept under (`const nightly = new CronJob(…)`, `this.nightly = …`, `{ nightly: … }`), if any. */
export function assignedName(node: ts.Node): string | undefined {
  let e: ts.Node = node;
  while (e.parent && (ts.isParenthesizedExpression(e.parent) || ts.isAsExpression(e.parent) || ts.isNonNullExpression(e.parent))) e = e.parent;
  const p = e.parent;
  if (!p) return undefined;
  if (ts.isVariableDeclaration(p) && isIdentifier(p.name)) return p.name.text;
  if (isPropertyAssignment(p) && (isIdentifier(p.name) || isStringLiteralLike(p.name))) return p.name.text;
  if (ts.isPropertyDeclaration(p) && isIdentifier(p.name)) return p.name.text;
  if (ts.isBinaryExpression(p) && p.right === e && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) return dotted(p.left);
  return undefined;
}

/** `() => {}`: a job that runs nothing (croner jobs created only to validate a pattern) has nothing to report. */
export function isEmptyFunction(e: ts.Expression | undefined): boolean {
  return !!e && (isArrowFunction(e) || isFunctionExpression(e)) && isBlock(e.body) && e.body.statements.length === 0;
}

/**
 * The kind of a scheduler receiver, also when the variable holding it chooses at start-up between the
 * library and the library Sentry instrumented (`const cron = dsn ? Sentry.cron.instrumentNodeCron(nodeCron) :
 * nodeCron`): then the Sentry kind, since that is the configuration that runs where the DSN is set.
 */
export function schedulerKind(ctx: ScanContext, e: ts.Expression, monitored: string): string | undefined {
  const kind = ctx.kindOf(e);
  if (kind || !isIdentifier(e)) return kind;
  const init = initializerOf(e);
  if (!init) return undefined;
  let branches: ts.Expression[] = [];
  if (ts.isConditionalExpression(init)) branches = [init.whenTrue, init.whenFalse];
  else if (ts.isBinaryExpression(init)) branches = [init.left, init.right];
  const kinds = branches.map((b) => ctx.kindOf(b));
  return kinds.includes(monitored) ? monitored : kinds.find((k) => k);
}

/** The initializer of the nearest `const`/`let` declaration of a name in an enclosing block or the file. */
function initializerOf(id: ts.Identifier): ts.Expression | undefined {
  for (let n: ts.Node | undefined = id.parent; n; n = n.parent) {
    if (!isBlock(n) && !ts.isSourceFile(n)) continue;
    for (const st of n.statements) {
      if (!ts.isVariableStatement(st)) continue;
      const d = st.declarationList.declarations.find((x) => isIdentifier(x.name) && x.name.text === id.text);
      if (d) return d.initializer;
    }
  }
  return undefined;
}
