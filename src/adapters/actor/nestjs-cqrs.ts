// NestJS CQRS (`@nestjs/cqrs`): a class decorated `@EventsHandler(…)` handles those events in its `handle`
// method, one decorated `@CommandHandler(…)` or `@QueryHandler(…)` handles the command or query in its
// `execute` method; that method is the target (`OrderPlacedHandler.handle`). Nest's interceptors do not run
// around CQRS handlers. Nest's start/stop hooks of the handler class are lifecycle targets.
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { classMethods, className } from '../util.js';
import { addLifecycleTargets, findDecorator } from '../nestjs-common.js';

const DECORATORS: Record<string, string> = { 'cqrs.EventsHandler': 'handle', 'cqrs.CommandHandler': 'execute', 'cqrs.QueryHandler': 'execute' };
const KINDS = Object.keys(DECORATORS);
const EXPORTS = { EventsHandler: KINDS[0], CommandHandler: KINDS[1], QueryHandler: KINDS[2] };

export default defineAdapter({
  name: 'nestjs-cqrs',
  targetKind: 'actor',
  packages: ['@nestjs/cqrs'],
  model: {
    imports: { '@nestjs/cqrs': { ...EXPORTS, '*': 'cqrs.module' } },
    members: { 'cqrs.module': EXPORTS },
  },
  create(ctx) {
    const visitClass = (node: ts.ClassLikeDeclaration) => {
      const d = findDecorator(ctx, node, KINDS);
      if (!d) return;
      const method = DECORATORS[d.kind];
      const cls = className(node);
      const m = classMethods(node).find((x) => x.name === method && x.isPublic);
      if (m) {
        const name = `${cls}.${method}`;
        const handles = d.args.map((a) => ctx.text(a)).join(', ').slice(0, 80);
        ctx.addTarget({ kind: 'actor', framework: 'nestjs-cqrs', name, symbol: name, span: ctx.span(m.member), handlers: [{ kind: 'fn', id: ctx.fnId(m.fn) }], meta: { handles } });
      }
      addLifecycleTargets(ctx, node, 'nestjs-cqrs');
    };
    return {
      ClassDeclaration: visitClass,
      ClassExpression: visitClass,
    };
  },
});
