// NestJS + Bull (`@nestjs/bull`, the older Bull queue): in a class decorated `@Processor(queue?)`, every
// method decorated `@Process()` or `@Process(name)` handles jobs of the queue (of that name) and is a
// target. `@OnQueue…` listeners are not message handlers. Nest's start/stop hooks of the processor are
// lifecycle targets.
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { classMethods, className } from '../util.js';
import { addLifecycleTargets, findDecorator } from '../nestjs-common.js';

const PROCESSOR = 'nestbull.Processor';
const PROCESS = 'nestbull.Process';

export default defineAdapter({
  name: 'nestjs-bull',
  targetKind: 'actor',
  packages: ['@nestjs/bull'],
  model: {
    imports: { '@nestjs/bull': { Processor: PROCESSOR, Process: PROCESS, '*': 'nestbull.module' } },
    members: { 'nestbull.module': { Processor: PROCESSOR, Process: PROCESS } },
  },
  create(ctx) {
    const visitClass = (node: ts.ClassLikeDeclaration) => {
      if (!findDecorator(ctx, node, [PROCESSOR])) return;
      const cls = className(node);
      for (const m of classMethods(node)) {
        if (!findDecorator(ctx, m.member, [PROCESS])) continue;
        const name = `${cls}.${m.name}`;
        ctx.addTarget({ kind: 'actor', framework: 'nestjs-bull', name, symbol: name, span: ctx.span(m.member), handlers: [{ kind: 'fn', id: ctx.fnId(m.fn) }] });
      }
      addLifecycleTargets(ctx, node, 'nestjs-bull');
    };
    return {
      ClassDeclaration: visitClass,
      ClassExpression: visitClass,
    };
  },
});
