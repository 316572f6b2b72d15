// NestJS + Bull (`@nestjs/bull`, the older Bull queue): in a class decorated `@Processor(queue?)`, every
// method decorated `@Process()` or `@Process(name)` handles jobs of the queue (of that name) and is a
// target. `@OnQueue…` listeners are not message handlers. Nest's start/stop hooks of the processor are
// lifecycle targets. A processor extending a project class also runs the `@Process` methods it inherits.
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { classMethods, className } from '../util.js';
import { addLifecycleTargets, declareInheritance, findDecorator } from '../nestjs-common.js';

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
      const processor = !!findDecorator(ctx, node, [PROCESSOR]);
      const methods = classMethods(node);
      // A class that is no processor matters only as a base whose `@Process` methods a processor inherits.
      if (!processor && !methods.some((m) => findDecorator(ctx, m.member, [PROCESS]))) return;
      const cls = className(node);
      const base = declareInheritance(ctx, node, { kind: 'actor', framework: 'nestjs-bull', classCoverage: [], entry: processor });
      for (const m of methods) {
        if (!findDecorator(ctx, m.member, [PROCESS])) continue;
        const name = `${cls}.${m.name}`;
        ctx.addTarget({
          kind: 'actor',
          framework: 'nestjs-bull',
          name,
          symbol: name,
          span: ctx.span(m.member),
          handlers: [{ kind: 'fn', id: ctx.fnId(m.fn) }],
          ...(base ? { inheritsFrom: base } : {}),
          inheritable: { class: cls, method: m.name, name: `{class}.${m.name}`, ...(processor ? {} : { abstract: true as const }) },
        });
      }
      if (processor) addLifecycleTargets(ctx, node, 'nestjs-bull');
    };
    return {
      ClassDeclaration: visitClass,
      ClassExpression: visitClass,
    };
  },
});
