// Cloudflare Durable Objects: a class extending `DurableObject` from `cloudflare:workers` (or implementing
// the `DurableObject` interface of `@cloudflare/workers-types`) is an actor; the runtime calls its
// `fetch`, `alarm` and `webSocket*` methods with each request, alarm or socket message. A constructor
// that runs `blockConcurrencyWhile(…)` is its start-up hook (a lifecycle target).
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { classMethods, className } from '../util.js';

const HANDLERS = new Set(['fetch', 'alarm', 'webSocketMessage', 'webSocketClose', 'webSocketError']);
const BASE = 'cloudflare.durableObject';

export default defineAdapter({
  name: 'durable-objects',
  targetKind: 'actor',
  packages: ['cloudflare:workers', '@cloudflare/workers-types'],
  model: {
    imports: {
      'cloudflare:workers': { DurableObject: BASE, '*': 'cloudflare.workers' },
      '@cloudflare/workers-types': { DurableObject: BASE, DurableObjectState: 'cloudflare.state', '*': 'cloudflare.types' },
    },
    members: {
      'cloudflare.workers': { DurableObject: BASE },
      'cloudflare.types': { DurableObject: BASE, DurableObjectState: 'cloudflare.state' },
    },
  },
  create(ctx) {
    const visitClass = (node: ts.ClassLikeDeclaration) => {
      const heritage = (node.heritageClauses ?? []).flatMap((h) => h.types);
      if (!heritage.some((t) => ctx.kindOf(t.expression) === BASE)) return;
      const cls = className(node);
      for (const m of classMethods(node)) {
        if (!m.isPublic || !HANDLERS.has(m.name)) continue;
        const name = `${cls}.${m.name}`;
        ctx.addTarget({ kind: 'actor', framework: 'durable-objects', name, symbol: name, span: ctx.span(m.member), handlers: [{ kind: 'fn', id: ctx.fnId(m.fn) }] });
      }
      const ctor = node.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && !!m.body);
      if (ctor && blocksConcurrency(ctor)) {
        const name = `${cls}.constructor`;
        ctx.addTarget({
          kind: 'actor',
          framework: 'durable-objects',
          name,
          symbol: name,
          span: ctx.span(ctor),
          handlers: [{ kind: 'fn', id: ctx.fnId(ctor) }],
          meta: { lifecycle: true },
        });
      }
    };
    return {
      ClassDeclaration: visitClass,
      ClassExpression: visitClass,
    };

    /** `ctx.blockConcurrencyWhile(…)` on the state the runtime passes in (first parameter, or `this.ctx` of the base class). */
    function blocksConcurrency(ctor: ts.ConstructorDeclaration): boolean {
      const state = ctor.parameters[0] && ts.isIdentifier(ctor.parameters[0].name) ? ctor.parameters[0].name.text : undefined;
      let found = false;
      const look = (n: ts.Node): void => {
        if (found) return;
        if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'blockConcurrencyWhile') {
          const recv = n.expression.expression;
          const isState =
            (ts.isIdentifier(recv) && recv.text === state) ||
            (ts.isPropertyAccessExpression(recv) && recv.expression.kind === ts.SyntaxKind.ThisKeyword && (recv.name.text === 'ctx' || recv.name.text === 'state'));
          if (isState) found = true;
        }
        ts.forEachChild(n, look);
      };
      look(ctor.body!);
      return found;
    }
  },
});
