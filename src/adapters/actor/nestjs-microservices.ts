// NestJS microservices (`@nestjs/microservices`): methods decorated `@MessagePattern(…)` (request/response)
// or `@EventPattern(…)` (fire-and-forget) handle messages from the transport (Kafka, NATS, Redis, RMQ,
// TCP, …), in whatever class they are declared. Interceptors bound with `@UseInterceptors` on the class or
// the method run around them; global ones are registered by the nestjs adapter for this framework. Nest's
// start/stop hooks of a class with message handlers are lifecycle targets.
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { classMethods, className } from '../util.js';
import { addLifecycleTargets, findDecorator, interceptorCoverage } from '../nestjs-common.js';

const PATTERNS = ['nestms.MessagePattern', 'nestms.EventPattern'];

export default defineAdapter({
  name: 'nestjs-microservices',
  targetKind: 'actor',
  packages: ['@nestjs/microservices'],
  model: {
    imports: { '@nestjs/microservices': { MessagePattern: PATTERNS[0], EventPattern: PATTERNS[1], '*': 'nestms.module' } },
    members: { 'nestms.module': { MessagePattern: PATTERNS[0], EventPattern: PATTERNS[1] } },
  },
  create(ctx) {
    const visitClass = (node: ts.ClassLikeDeclaration) => {
      const cls = className(node);
      let handlers = 0;
      let classCoverage: ReturnType<typeof interceptorCoverage> | undefined;
      for (const m of classMethods(node)) {
        const pattern = findDecorator(ctx, m.member, PATTERNS);
        if (!pattern) continue;
        handlers++;
        classCoverage ??= interceptorCoverage(ctx, node);
        const coveredBy = [...classCoverage, ...interceptorCoverage(ctx, m.member)];
        const name = `${cls}.${m.name}`;
        ctx.addTarget({
          kind: 'actor',
          framework: 'nestjs-microservices',
          name,
          symbol: name,
          span: ctx.span(m.member),
          handlers: [{ kind: 'fn', id: ctx.fnId(m.fn) }],
          ...(coveredBy.length ? { coveredBy } : {}),
          meta: { pattern: pattern.args[0] ? ctx.text(pattern.args[0]).slice(0, 80) : '' },
        });
      }
      if (handlers) addLifecycleTargets(ctx, node, 'nestjs-microservices');
    };
    return {
      ClassDeclaration: visitClass,
      ClassExpression: visitClass,
    };
  },
});
