// Temporal (`@temporalio/worker`): `Worker.create({ activities, workflowsPath, … })` registers the functions
// the worker runs for each task.
//  - Activities: every function of the `activities` object is a target (`temporal activity chargeCard`):
//    properties (`{ chargeCard, refund: refundPayment }`), spreads, and, decided across files, the exported
//    functions of a namespace import (`import * as activities from './activities'`) or of an imported
//    object, judged and reported where each function is declared. A factory (`createActivities(db)`) is one
//    target for what it builds (`temporal activities createActivities()`).
//  - Workflows: the exported functions of the `workflowsPath` module (`require.resolve('./workflows')`,
//    `path.join(__dirname, 'workflows')`, `__filename`), `temporal workflow orderFlow`. They run in a
//    deterministic sandbox and cannot emit themselves: Temporal's OpenTelemetry interceptors are their
//    instrumentation, and count for them always.
//  - Platform tracing: `@temporalio/interceptors-opentelemetry` given to the worker, in `plugins`
//    (`OpenTelemetryPlugin`: activities and workflows), `interceptors` (the activity interceptors) or `sinks`
//    (`makeWorkflowExporter`: workflows); `@temporalio/langsmith`'s `LangSmithPlugin` (runs in LangSmith).
// A client starting workflows (`@temporalio/client`) is not a target; a prebuilt `workflowBundle` is not read.
import path from 'node:path';
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { propertyValue, resolveLocal, stripExpression, variableInitializer } from '../util.js';
import type { BindingRef, CallRef, CoverageRef } from '../../types.js';

const {
  forEachChild,
  isCallExpression,
  isIdentifier,
  isMethodDeclaration,
  isNewExpression,
  isNoSubstitutionTemplateLiteral,
  isObjectLiteralExpression,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isShorthandPropertyAssignment,
  isFunctionLike,
  isSpreadAssignment,
  isStringLiteral,
  isTypeReferenceNode,
} = ts;

const WORKER_CLASS = 'temporal.WorkerClass';
/**
 * Temporal's tracing packages (by prefix: `@temporalio/interceptors-opentelemetry`, `-v2`, `/lib/worker`), and
 * what each of their exports traces when given to a worker.
 */
const TRACING: [prefix: string, traces: Record<string, ('activity' | 'workflow')[]>][] = [
  [
    '@temporalio/interceptors-opentelemetry',
    {
      OpenTelemetryPlugin: ['activity', 'workflow'],
      OpenTelemetryActivityInboundInterceptor: ['activity'],
      OpenTelemetryActivityOutboundInterceptor: ['activity'],
      makeWorkflowExporter: ['workflow'],
    },
  ],
  ['@temporalio/langsmith', { LangSmithPlugin: ['activity', 'workflow'] }],
];
/** A workflow module's `interceptors` export configures workflow interceptors; it is not a workflow. */
const NOT_WORKFLOWS = ['interceptors'];

export default defineAdapter({
  name: 'temporal',
  targetKind: 'actor',
  packages: ['@temporalio/worker'],
  model: {
    imports: { '@temporalio/worker': { Worker: WORKER_CLASS, '*': 'temporal.workerModule' } },
    members: { 'temporal.workerModule': { Worker: WORKER_CLASS } },
  },
  create(ctx) {
    return {
      CallExpression(node: ts.CallExpression) {
        const callee = node.expression;
        if (!isPropertyAccessExpression(callee) || callee.name.text !== 'create' || ctx.kindOf(callee.expression) !== WORKER_CLASS) return;
        const opts = resolveLocal(node.arguments[0]);
        if (!opts || !isObjectLiteralExpression(opts)) return;
        const tracing = platformTracing(opts);
        const activities = propertyValue(opts, 'activities');
        if (activities && !isMethodDeclaration(activities)) addActivities(activities, tracing.activity, 0);
        const workflows = propertyValue(opts, 'workflowsPath');
        const specifier = workflows && !isMethodDeclaration(workflows) ? modulePath(resolveLocal(workflows)) : undefined;
        if (specifier) {
          ctx.addTarget({
            kind: 'actor',
            framework: 'temporal',
            name: 'temporal workflow',
            symbol: `temporal workflow ${specifier}`,
            span: ctx.span(workflows!),
            handlers: [],
            each: { ref: { kind: 'import', specifier, name: '*' }, except: NOT_WORKFLOWS },
            platformTracingOnly: true,
            ...(tracing.workflow.length ? { coveredBy: tracing.workflow } : {}),
          });
        }
      },
    };

    function addActivities(expr: ts.Expression, coveredBy: CoverageRef[], hops: number): void {
      const e = stripExpression(expr);
      const covered = coveredBy.length ? { coveredBy } : {};
      if (isIdentifier(e)) {
        const imp = ctx.summary.imports[e.text];
        const init = imp ? undefined : variableInitializer(e);
        if (imp) {
          const ref: BindingRef = { kind: 'import', specifier: imp.specifier, name: imp.name };
          const name = 'temporal activity';
          ctx.addTarget({ kind: 'actor', framework: 'temporal', name, symbol: `${name} ${imp.specifier}#${imp.name}`, span: ctx.span(e), handlers: [], each: { ref }, ...covered });
        } else if (init && hops < 3) addActivities(init, coveredBy, hops + 1);
        return;
      }
      if (isObjectLiteralExpression(e)) {
        for (const p of e.properties) {
          if (isSpreadAssignment(p)) {
            if (hops < 3) addActivities(p.expression, coveredBy, hops + 1);
            continue;
          }
          const key = p.name && (isIdentifier(p.name) || isStringLiteral(p.name)) ? p.name.text : undefined;
          let ref: CallRef | undefined;
          if (isMethodDeclaration(p)) ref = { kind: 'fn', id: ctx.fnId(p) };
          else if (isPropertyAssignment(p)) ref = ctx.refOf(p.initializer) ?? methodOfTypedParameter(p.initializer);
          else if (isShorthandPropertyAssignment(p)) ref = ctx.refOf(p.name);
          if (!key || !ref) continue;
          const name = `temporal activity ${key}`;
          ctx.addTarget({ kind: 'actor', framework: 'temporal', name, symbol: `${ctx.symbolPath(p)} ${name}`, span: ctx.span(p), handlers: [ref], ...covered });
        }
        return;
      }
      if (isCallExpression(e)) {
        const ref = ctx.refOf(e);
        if (!ref) return;
        const name = `temporal activities ${ctx.text(e.expression).replace(/\s+/g, '')}()`;
        ctx.addTarget({ kind: 'actor', framework: 'temporal', name, symbol: `${ctx.symbolPath(e)} ${name}`, span: ctx.span(e), handlers: [ref], ...covered });
      }
    }

    /**
     * `service.method` or `service.method.bind(service)` on a parameter typed with a class
     * (`(activitiesService: ActivitiesService) => …`, a NestJS factory provider): that class's method.
     */
    function methodOfTypedParameter(value: ts.Expression): CallRef | undefined {
      let e = stripExpression(value);
      if (isCallExpression(e) && isPropertyAccessExpression(e.expression) && e.expression.name.text === 'bind') e = stripExpression(e.expression.expression);
      if (!isPropertyAccessExpression(e) || !isIdentifier(e.expression)) return undefined;
      const name = e.expression.text;
      for (let n: ts.Node | undefined = e.parent; n; n = n.parent) {
        if (!isFunctionLike(n)) continue;
        const param = n.parameters.find((x) => isIdentifier(x.name) && x.name.text === name);
        if (!param) continue;
        const type = param.type && isTypeReferenceNode(param.type) && isIdentifier(param.type.typeName) ? param.type.typeName.text : undefined;
        if (!type) return undefined;
        const imp = ctx.summary.imports[type];
        const of: BindingRef = imp ? { kind: 'import', specifier: imp.specifier, name: imp.name } : { kind: 'local', name: type };
        return { kind: 'member', of, member: e.name.text, instanceOf: true };
      }
      return undefined;
    }

    /** The module a workflows path names: `require.resolve('./workflows')`, `path.join(__dirname, 'workflows')`, `new URL('./workflows', import.meta.url)`, `__filename`. */
    function modulePath(e: ts.Expression | undefined): string | undefined {
      if (!e) return undefined;
      if (isIdentifier(e) && e.text === '__filename') return `./${path.basename(ctx.file)}`;
      if (isPropertyAccessExpression(e) && e.name.text === 'pathname') return modulePath(resolveLocal(e.expression));
      if (isNewExpression(e) && isIdentifier(e.expression) && e.expression.text === 'URL') {
        const arg = e.arguments?.[0];
        return arg && literal(arg)?.startsWith('.') ? literal(arg) : undefined;
      }
      if (!isCallExpression(e)) return undefined;
      const callee = e.expression;
      if (isIdentifier(callee) && callee.text === 'fileURLToPath' && e.arguments[0]) return modulePath(resolveLocal(e.arguments[0]));
      if (!isPropertyAccessExpression(callee) || !isIdentifier(callee.expression)) return undefined;
      const [obj, fn] = [callee.expression.text, callee.name.text];
      if (obj === 'require' && fn === 'resolve') {
        const spec = e.arguments[0] && literal(e.arguments[0]);
        return spec?.startsWith('.') ? spec : undefined;
      }
      if ((fn === 'join' || fn === 'resolve') && e.arguments[0] && isIdentifier(e.arguments[0]) && e.arguments[0].text === '__dirname') {
        const parts = e.arguments.slice(1).map(literal);
        if (!parts.length || parts.some((p) => p === undefined)) return undefined;
        const joined = path.posix.join(...(parts as string[]));
        return joined.startsWith('.') ? joined : `./${joined}`;
      }
      return undefined;
    }

    function literal(e: ts.Expression): string | undefined {
      const s = stripExpression(e);
      return isStringLiteral(s) || isNoSubstitutionTemplateLiteral(s) ? s.text : undefined;
    }

    /** Temporal's OpenTelemetry interceptors given to the worker, by what they trace. */
    function platformTracing(opts: ts.ObjectLiteralExpression): Record<'activity' | 'workflow', CoverageRef[]> {
      const out: Record<'activity' | 'workflow', CoverageRef[]> = { activity: [], workflow: [] };
      const seen = new Set<ts.Node>();
      const scan = (n: ts.Node, hops: number): void => {
        if (seen.has(n)) return;
        seen.add(n);
        if (isIdentifier(n)) {
          const imp = ctx.summary.imports[n.text];
          const traces = imp && TRACING.find(([prefix]) => imp.specifier.startsWith(prefix))?.[1];
          if (imp && traces) {
            // `import * as otel from …` then `new otel.OpenTelemetryPlugin()`.
            const name = imp.name === '*' && isPropertyAccessExpression(n.parent) && n.parent.expression === n ? n.parent.name.text : imp.name;
            for (const what of traces[name] ?? []) {
              if (out[what].some((c) => c.text.startsWith(`${name} `))) continue;
              const ref: CallRef = { kind: 'binding', ref: { kind: 'import', specifier: imp.specifier, name } };
              out[what].push({ via: 'platform-tracing', ref, text: `${name} (${imp.specifier})`, line: ctx.span(n).line, platformTracing: true });
            }
          } else if (!imp && hops < 3) {
            const init = variableInitializer(n);
            if (init) scan(init, hops + 1);
          }
          return;
        }
        forEachChild(n, (c) => scan(c, hops));
      };
      for (const key of ['plugins', 'interceptors', 'sinks']) {
        const v = propertyValue(opts, key);
        if (v) scan(v, 0);
      }
      return out;
    }
  },
});
