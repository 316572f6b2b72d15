// node-cron: `cron.schedule(expression, fn, options?)` (and v4's `cron.createTask(…)`) runs `fn` on every
// tick; each call is a target named after the expression and the function (`cron "0 * * * *" syncInvoices`,
// or the `name` option for an inline callback). A task given as a file path (v4 background tasks) is
// skipped. The module Sentry instrumented (`Sentry.cron.instrumentNodeCron(cron)`) schedules jobs wrapped
// in a cron monitor: those are covered. `cron.validate(…)`, `schedule` methods of other objects and
// `setInterval` are not targets.
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { SENTRY_MONITORED_NODE_CRON, assignedName, handlerLabel, isEmptyFunction, jobName, monitorCoverage, propertyOf, schedulerKind } from '../jobs-common.js';
import { literalPath } from '../util.js';

const { isIdentifier, isPropertyAccessExpression } = ts;

const MODULE = 'nodecron.module';
const SCHEDULE = 'nodecron.schedule';
const SCHEDULERS = new Set(['schedule', 'createTask']);

export default defineAdapter({
  name: 'node-cron',
  targetKind: 'actor',
  packages: ['node-cron'],
  model: {
    imports: { 'node-cron': { default: MODULE, '*': MODULE, schedule: SCHEDULE, createTask: SCHEDULE } },
    members: { [MODULE]: { schedule: SCHEDULE, createTask: SCHEDULE } },
  },
  create(ctx) {
    return {
      CallExpression(node: ts.CallExpression) {
        const callee = node.expression;
        let monitored: ts.Expression | undefined;
        if (isPropertyAccessExpression(callee)) {
          if (!SCHEDULERS.has(callee.name.text)) return;
          const kind = schedulerKind(ctx, callee.expression, SENTRY_MONITORED_NODE_CRON);
          if (kind === SENTRY_MONITORED_NODE_CRON) monitored = callee.expression;
          else if (kind !== MODULE) return;
        } else if (!isIdentifier(callee) || ctx.kindOf(callee) !== SCHEDULE) return;
        const [expression, task, options] = node.arguments;
        const ref = task && !isEmptyFunction(task) ? ctx.refOf(task) : undefined;
        if (!ref) return;
        const optionName = literalPath(propertyOf(options, 'name'));
        const name = jobName('cron', expression, handlerLabel(ctx, task) ?? optionName ?? assignedName(node));
        const coveredBy = monitored ? monitorCoverage(ctx, monitored, 'cron.instrumentNodeCron') : [];
        ctx.addTarget({
          kind: 'actor',
          framework: 'node-cron',
          name,
          symbol: `${ctx.symbolPath(node)} ${name}`,
          span: ctx.span(task),
          handlers: [ref],
          ...(coveredBy.length ? { coveredBy } : {}),
        });
      },
    };
  },
});
