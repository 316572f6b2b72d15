// NestJS gateways (`@nestjs/websockets`): in a class decorated `@WebSocketGateway(…)`, every method decorated
// `@SubscribeMessage(event)` handles that event from clients (Socket.IO or ws, whichever adapter the app
// uses); each is a target (`gateway orders:create OrdersGateway.create`, `gateway /admin …` with the
// gateway's `namespace`). Interceptors bound with `@UseInterceptors` on the gateway or the method run around
// them; global interceptors do not apply to gateways (Nest's design). Lifecycle targets: `handleConnection`,
// `handleDisconnect`, `afterInit` and Nest's start/stop hooks of the gateway.
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { classMethods, className } from '../util.js';
import { addLifecycleTargets, declareInheritance, findDecorator, interceptorCoverage } from '../nestjs-common.js';
import { literalPath } from '../util.js';
import { propertyOf } from '../jobs-common.js';

const GATEWAY = 'nestws.WebSocketGateway';
const SUBSCRIBE = 'nestws.SubscribeMessage';
const GATEWAY_HOOKS = new Set(['handleConnection', 'handleDisconnect', 'afterInit']);

export default defineAdapter({
  name: 'nestjs-websockets',
  targetKind: 'actor',
  packages: ['@nestjs/websockets'],
  model: {
    imports: { '@nestjs/websockets': { WebSocketGateway: GATEWAY, SubscribeMessage: SUBSCRIBE, '*': 'nestws.module' } },
    members: { 'nestws.module': { WebSocketGateway: GATEWAY, SubscribeMessage: SUBSCRIBE } },
  },
  create(ctx) {
    const visitClass = (node: ts.ClassLikeDeclaration) => {
      const gateway = findDecorator(ctx, node, [GATEWAY]);
      const methods = classMethods(node);
      // A class that is no gateway matters only as a base whose handlers a gateway inherits.
      if (!gateway && !methods.some((m) => findDecorator(ctx, m.member, [SUBSCRIBE]))) return;
      const cls = className(node);
      const ns = gateway ? namespaceOf(gateway.args) : undefined;
      const prefix = ns ? `${ns} ` : '';
      const classCoverage = interceptorCoverage(ctx, node);
      const base = declareInheritance(ctx, node, { kind: 'actor', framework: 'nestjs-websockets', classCoverage, entry: !!gateway, fill: { prefix } });
      for (const m of methods) {
        const symbol = `${cls}.${m.name}`;
        const handlers = [{ kind: 'fn' as const, id: ctx.fnId(m.fn) }];
        const subscribe = findDecorator(ctx, m.member, [SUBSCRIBE]);
        if (subscribe) {
          const e = subscribe.args[0];
          const event = e ? (literalPath(e) ?? ctx.text(e)) : '?';
          const methodCoverage = interceptorCoverage(ctx, m.member);
          const coveredBy = gateway ? [...classCoverage, ...methodCoverage] : methodCoverage;
          ctx.addTarget({
            kind: 'actor',
            framework: 'nestjs-websockets',
            name: `gateway ${prefix}${event} ${symbol}`,
            symbol,
            span: ctx.span(m.member),
            handlers,
            ...(coveredBy.length ? { coveredBy } : {}),
            ...(base ? { inheritsFrom: base } : {}),
            inheritable: { class: cls, method: m.name, name: `gateway {prefix}${event} {class}.${m.name}`, ...(gateway ? {} : { abstract: true as const }) },
          });
        } else if (!gateway) {
          continue;
        } else if (m.isPublic && GATEWAY_HOOKS.has(m.name)) {
          ctx.addTarget({ kind: 'actor', framework: 'nestjs-websockets', name: symbol, symbol, span: ctx.span(m.member), handlers, meta: { lifecycle: true } });
        }
      }
      if (gateway) addLifecycleTargets(ctx, node, 'nestjs-websockets');
    };
    return {
      ClassDeclaration: visitClass,
      ClassExpression: visitClass,
    };

    /** `@WebSocketGateway(options)` / `@WebSocketGateway(port, options)`: the Socket.IO namespace, with its leading `/`. */
    function namespaceOf(args: readonly ts.Expression[]): string | undefined {
      const options = args.find((a) => ts.isObjectLiteralExpression(a));
      const ns = propertyOf(options, 'namespace');
      if (!ns) return undefined;
      const raw = literalPath(ns);
      if (raw === undefined) return ctx.text(ns);
      return raw.startsWith('/') ? raw : `/${raw}`;
    }
  },
});
