// cron (the `cron` package): `new CronJob(cronTime, onTick, …)`, `CronJob.from({ cronTime, onTick })`, the
// object form of older versions `new CronJob({ cronTime, onTick })`, and the `job(…)` factory run `onTick` on
// every tick; each is a target (`cron "0 * * * *" syncInvoices`). A CronJob class Sentry instrumented
// (`Sentry.cron.instrumentCron(CronJob, slug)`) runs every tick inside a cron monitor: its jobs are covered.
import { ts } from '#ts';
import type { CallRef } from '../../types.js';
import { defineAdapter } from '../types.js';
import { SENTRY_MONITORED_CRON_JOB, assignedName, handlerLabel, isEmptyFunction, jobName, monitorCoverage, propertyOf, schedulerKind } from '../jobs-common.js';

const { isIdentifier, isMethodDeclaration, isObjectLiteralExpression, isPropertyAccessExpression } = ts;

const CLASS = 'cron.CronJobClass';
const JOB_FACTORY = 'cron.jobFactory';

export default defineAdapter({
  name: 'cron',
  targetKind: 'actor',
  packages: ['cron'],
  model: {
    imports: { cron: { CronJob: CLASS, job: JOB_FACTORY, '*': 'cron.module', default: 'cron.module' } },
    members: {
      'cron.module': { CronJob: CLASS, job: JOB_FACTORY },
      [CLASS]: { new: 'cron.job', ':': 'cron.job', 'from()': 'cron.job' },
      [JOB_FACTORY]: { '()': 'cron.job' },
    },
  },
  create(ctx) {
    return {
      NewExpression(node: ts.NewExpression) {
        const kind = schedulerKind(ctx, node.expression, SENTRY_MONITORED_CRON_JOB);
        if (kind === CLASS || kind === SENTRY_MONITORED_CRON_JOB) addJob(node, node.arguments ?? [], kind === SENTRY_MONITORED_CRON_JOB ? node.expression : undefined);
      },
      CallExpression(node: ts.CallExpression) {
        const callee = node.expression;
        if (isPropertyAccessExpression(callee) && callee.name.text === 'from') {
          const kind = schedulerKind(ctx, callee.expression, SENTRY_MONITORED_CRON_JOB);
          if (kind === CLASS || kind === SENTRY_MONITORED_CRON_JOB) addJob(node, node.arguments, kind === SENTRY_MONITORED_CRON_JOB ? callee.expression : undefined);
        } else if ((isIdentifier(callee) || isPropertyAccessExpression(callee)) && ctx.kindOf(callee) === JOB_FACTORY) {
          addJob(node, node.arguments, undefined);
        }
      },
    };

    /** `(cronTime, onTick, …)` or `({ cronTime, onTick, … })`. */
    function addJob(node: ts.Node, args: readonly ts.Expression[], monitored: ts.Expression | undefined) {
      const params = args[0] && isObjectLiteralExpression(args[0]) ? args[0] : undefined;
      const cronTime = params ? propertyOf(params, 'cronTime') : args[0];
      const onTick = params ? propertyOf(params, 'onTick') : args[1];
      const method = params?.properties.find((p): p is ts.MethodDeclaration => isMethodDeclaration(p) && !!p.name && isIdentifier(p.name) && p.name.text === 'onTick');
      const ref: CallRef | undefined = onTick ? (isEmptyFunction(onTick) ? undefined : ctx.refOf(onTick)) : method ? { kind: 'fn', id: ctx.fnId(method) } : undefined;
      if (!ref) return;
      const name = jobName('cron', cronTime, handlerLabel(ctx, onTick) ?? assignedName(node));
      const coveredBy = monitored ? monitorCoverage(ctx, monitored, 'cron.instrumentCron') : [];
      ctx.addTarget({
        kind: 'actor',
        framework: 'cron',
        name,
        symbol: `${ctx.symbolPath(node)} ${name}`,
        span: ctx.span(onTick ?? method!),
        handlers: [ref],
        ...(coveredBy.length ? { coveredBy } : {}),
      });
    }
  },
});
