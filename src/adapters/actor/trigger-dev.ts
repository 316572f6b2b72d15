// Trigger.dev (`@trigger.dev/sdk`, `@trigger.dev/sdk/v3`): `task({ id, run })`, `schemaTask({ id, schema, run })`
// and `schedules.task({ id, cron, run })` declare tasks the platform runs; the `run` function is the target
// (`trigger.dev send-invoice`). Hooks (`onStart`, `onFailure`, `init`, `cleanup`, …) are not handlers.
// Trigger.dev traces every run itself: that is platform tracing, shown as evidence. `logger.trace(name, fn)`
// opens a span, an emission.
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { propertyValue, resolveLocal, sourceLabel } from '../util.js';

const { isIdentifier, isMethodDeclaration, isObjectLiteralExpression, isPropertyAccessExpression } = ts;

const TASK = 'trigger.task';
const EXPORTS = { task: TASK, schemaTask: TASK, schedules: 'trigger.schedules', logger: 'trigger.logger' };

export default defineAdapter({
  name: 'trigger-dev',
  targetKind: 'actor',
  packages: ['@trigger.dev/sdk', '@trigger.dev/sdk/v3'],
  model: {
    imports: {
      '@trigger.dev/sdk': { ...EXPORTS, '*': 'trigger.module' },
      '@trigger.dev/sdk/v3': { ...EXPORTS, '*': 'trigger.module' },
    },
    members: {
      'trigger.module': EXPORTS,
      'trigger.schedules': { task: TASK },
    },
    emits: { 'trigger.logger': { 'trace()': 'trigger.dev' } },
  },
  create(ctx) {
    return {
      CallExpression(node: ts.CallExpression) {
        if (ctx.kindOf(node.expression) !== TASK) return;
        const opts = resolveLocal(node.arguments[0]);
        if (!opts || !isObjectLiteralExpression(opts)) return;
        const run = propertyValue(opts, 'run');
        if (!run) return;
        const ref = isMethodDeclaration(run) ? { kind: 'fn' as const, id: ctx.fnId(run) } : ctx.refOf(run);
        if (!ref) return;
        const id = propertyValue(opts, 'id');
        const name = `trigger.dev ${id && !isMethodDeclaration(id) ? sourceLabel(id, (n) => ctx.text(n)) : ctx.symbolPath(node)}`;
        const callee = node.expression;
        const api = isPropertyAccessExpression(callee) ? `${ctx.text(callee.expression)}.${callee.name.text}` : isIdentifier(callee) ? callee.text : 'task';
        const imp = ctx.summary.imports[isPropertyAccessExpression(callee) && isIdentifier(callee.expression) ? callee.expression.text : isIdentifier(callee) ? callee.text : ''];
        ctx.addTarget({
          kind: 'actor',
          framework: 'trigger-dev',
          name,
          symbol: `${ctx.symbolPath(node)} ${name}`,
          span: ctx.span(run),
          handlers: [ref],
          coveredBy: [
            {
              via: 'platform-tracing',
              ref: { kind: 'binding', ref: imp ? { kind: 'import', specifier: imp.specifier, name: imp.name } : { kind: 'local', name: api } },
              text: `${api}() run trace (built into Trigger.dev)`,
              line: ctx.span(node).line,
              platformTracing: true,
            },
          ],
        });
      },
    };
  },
});
