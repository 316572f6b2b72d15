// NestJS + BullMQ (`@nestjs/bullmq`): a class decorated `@Processor(queue)` extends `WorkerHost`, and
// BullMQ calls its `process(job)` for every job of the queue: that method is the target. Methods
// decorated `@OnWorkerEvent(…)` are worker event listeners, not message handlers. Nest's start/stop hooks
// of the processor are lifecycle targets.
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { classMethods, className } from '../util.js';
import { addLifecycleTargets, findDecorator, projectBaseClass } from '../nestjs-common.js';

const PROCESSOR = 'nestbullmq.Processor';
const WORKER_HOST = 'nestbullmq.WorkerHost';

export default defineAdapter({
  name: 'nestjs-bullmq',
  targetKind: 'actor',
  packages: ['@nestjs/bullmq'],
  model: {
    imports: { '@nestjs/bullmq': { Processor: PROCESSOR, WorkerHost: WORKER_HOST, '*': 'nestbullmq.module' } },
    members: { 'nestbullmq.module': { Processor: PROCESSOR, WorkerHost: WORKER_HOST } },
  },
  create(ctx) {
    const visitClass = (node: ts.ClassLikeDeclaration) => {
      if (!findDecorator(ctx, node, [PROCESSOR])) return;
      const cls = className(node);
      const name = `${cls}.process`;
      const own = classMethods(node).find((m) => m.name === 'process' && m.isPublic);
      if (own) {
        ctx.addTarget({ kind: 'actor', framework: 'nestjs-bullmq', name, symbol: name, span: ctx.span(own.member), handlers: [{ kind: 'fn', id: ctx.fnId(own.fn) }] });
      } else {
        // No own `process`: it is inherited from a project base class between the processor and WorkerHost.
        const base = projectBaseClass(ctx, node);
        if (base && !base.call) {
          const handlers = [{ kind: 'member' as const, of: base.ref, member: 'process', instanceOf: true }];
          ctx.addTarget({ kind: 'actor', framework: 'nestjs-bullmq', name, symbol: name, span: ctx.span(node), handlers });
        }
      }
      addLifecycleTargets(ctx, node, 'nestjs-bullmq');
    };
    return {
      ClassDeclaration: visitClass,
      ClassExpression: visitClass,
    };
  },
});
