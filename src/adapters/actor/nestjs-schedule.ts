// NestJS scheduling (`@nestjs/schedule`): methods decorated `@Cron(expression)`, `@Interval([name,] ms)` or
// `@Timeout([name,] ms)`, in any provider, run on their schedule; each is a target
// (`cron CronExpression.EVERY_HOUR TasksService.syncInvoices`, `interval 10000 TasksService.poll`). The
// decorators are recognised by their import. Interceptors do not run around scheduled methods, so none
// covers them. Nest's start/stop hooks of a class with jobs are lifecycle targets. Jobs added at run time
// (`schedulerRegistry.addCronJob(name, new CronJob(…))`) are the cron adapter's.
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { classMethods, className } from '../util.js';
import { addLifecycleTargets, findDecorator } from '../nestjs-common.js';
import { jobName } from '../jobs-common.js';

const DECORATORS: Record<string, string> = { Cron: 'nestsched.Cron', Interval: 'nestsched.Interval', Timeout: 'nestsched.Timeout' };
const KINDS = Object.values(DECORATORS);

export default defineAdapter({
  name: 'nestjs-schedule',
  targetKind: 'actor',
  packages: ['@nestjs/schedule'],
  model: {
    imports: { '@nestjs/schedule': { ...DECORATORS, '*': 'nestsched.module' } },
    members: { 'nestsched.module': DECORATORS },
  },
  create(ctx) {
    const visitClass = (node: ts.ClassLikeDeclaration) => {
      const cls = className(node);
      let jobs = 0;
      for (const m of classMethods(node)) {
        const d = findDecorator(ctx, m.member, KINDS);
        if (!d) continue;
        jobs++;
        const kind = d.kind.slice('nestsched.'.length).toLowerCase();
        // `@Interval(ms)` / `@Interval(name, ms)`; `@Cron(expression, options?)`.
        const trigger = kind === 'cron' ? d.args[0] : d.args[d.args.length > 1 ? 1 : 0];
        const symbol = `${cls}.${m.name}`;
        ctx.addTarget({
          kind: 'actor',
          framework: 'nestjs-schedule',
          name: jobName(kind, trigger, symbol),
          symbol,
          span: ctx.span(m.member),
          handlers: [{ kind: 'fn', id: ctx.fnId(m.fn) }],
        });
      }
      if (jobs) addLifecycleTargets(ctx, node, 'nestjs-schedule');
    };
    return {
      ClassDeclaration: visitClass,
      ClassExpression: visitClass,
    };
  },
});
