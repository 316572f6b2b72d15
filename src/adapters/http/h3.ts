// h3 apps with explicit routes, found through the `h3` import. h3 v1: `createRouter()` routers
// (`router.get(path, handler)`, `router.add(path, handler, method?)`) and `createApp()` apps, where
// `app.use(path, handler)` answers every request under the path and a path-less `app.use(handler)` runs
// for every request after it (middleware). h3 v2: `new H3()` apps (`app.get(path, handler)`,
// `app.on(method, path, handler)`, `app.all`), where `app.use([pattern,] middleware)` is middleware.
// Middleware covers the routes registered after it on the same app, and those of routers mounted after
// it (`app.use(router)`, `app.use(router.handler)`).
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { literalPath } from '../util.js';
import { eventHandler } from '../h3-common.js';
import type { CallRef } from '../../types.js';

// Hoisted: `ts.X` on the bundled compiler is a getter on a dictionary-mode object (about 10 ns a use).
const { isArrayLiteralExpression, isIdentifier, isPropertyAccessExpression, isStringLiteral, isNoSubstitutionTemplateLiteral } = ts;

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'connect', 'trace', 'all'];
const ROUTER = 'h3.router';
const APP_V1 = 'h3.app';
const APP_V2 = 'h3.H3';
const chain = (kind: string, extra: string[]) => Object.fromEntries([...METHODS, ...extra].map((m) => [`${m}()`, kind]));

export default defineAdapter({
  name: 'h3',
  targetKind: 'http-handler',
  packages: ['h3', 'h3-nightly'],
  model: {
    imports: {
      h3: { createApp: 'h3.createApp', createRouter: 'h3.createRouter', H3: 'h3.H3class', App: APP_V1, Router: ROUTER },
      'h3-nightly': { H3: 'h3.H3class', createRouter: 'h3.createRouter', createApp: 'h3.createApp' },
    },
    members: {
      'h3.createApp': { '()': APP_V1 },
      'h3.createRouter': { '()': ROUTER },
      'h3.H3class': { new: APP_V2, ':': APP_V2 },
      [ROUTER]: chain(ROUTER, ['add', 'use']),
      [APP_V1]: { 'use()': APP_V1 },
      [APP_V2]: chain(APP_V2, ['on', 'use', 'mount']),
    },
  },
  create(ctx) {
    return {
      CallExpression(node: ts.CallExpression) {
        const callee = node.expression;
        if (!isPropertyAccessExpression(callee)) return;
        const kind = ctx.kindOf(callee.expression);
        if (kind !== ROUTER && kind !== APP_V1 && kind !== APP_V2) return;
        const method = callee.name.text;
        const receiver = receiverKey(callee.expression);
        const args = node.arguments;
        if (METHODS.includes(method) && args.length >= 2) addRoute(receiver, [method], literalPath(args[0]), args[1]);
        else if (kind === ROUTER && (method === 'add' || method === 'use') && args.length >= 2) addRoute(receiver, methodsOf(args[2]) ?? ['all'], literalPath(args[0]), args[1]);
        else if (kind === APP_V2 && method === 'on' && args.length >= 3) addRoute(receiver, methodsOf(args[0]) ?? ['<method>'], literalPath(args[1]), args[2]);
        else if (kind === APP_V1 && method === 'use' && args.length >= 2 && !isRouter(args[1])) addRoute(receiver, ['all'], literalPath(args[0]), args[1]);
        else if ((method === 'use' || method === 'mount') && args.length >= 1) {
          const pathArg = args.length >= 2 ? literalPath(args[0]) : undefined;
          const unit = args[args.length - 1];
          if (isRouter(unit) || method === 'mount') {
            const ref = ctx.refOf(isPropertyAccessExpression(unit) && unit.name.text === 'handler' ? unit.expression : unit);
            if (ref) ctx.addRegistration({ receiver, type: 'mount', ref, text: ctx.text(unit).slice(0, 80), line: ctx.span(unit).line, path: pathArg });
            return;
          }
          const h = eventHandler(ctx, unit, true);
          const refs = h ? [...h.handlers, ...h.hooks.map((x) => x.ref)] : [ctx.refOf(unit)].filter((r): r is CallRef => r !== undefined);
          for (const ref of refs) ctx.addRegistration({ receiver, type: 'middleware', ref, text: ctx.text(unit).slice(0, 80), line: ctx.span(unit).line, path: pathArg });
          // A name from another module may be a router (`app.use(ordersRouter)`): mounted, as far as the other file declares one.
          const named = !h && isPropertyAccessExpression(unit) && unit.name.text === 'handler' ? ctx.refOf(unit.expression) : refs[0];
          if (!h && named && (named.kind === 'binding' || named.kind === 'member')) {
            ctx.addRegistration({ receiver, type: 'mount', ref: named, text: ctx.text(unit).slice(0, 80), line: ctx.span(unit).line, path: pathArg });
          }
        }
      },
    };

    function addRoute(receiver: string, methods: string[], path: string | undefined, handlerArg: ts.Expression) {
      const h = eventHandler(ctx, handlerArg, true);
      const handlers = h?.handlers ?? [ctx.refOf(handlerArg)].filter((r): r is CallRef => r !== undefined);
      if (!handlers.length) return;
      const name = `${methods.map((m) => m.toUpperCase()).join(',')} ${path ?? '<dynamic path>'}`;
      const coveredBy = [
        ...(h?.hooks ?? []),
        ...ctx.summary.registrations
          .filter((r) => r.receiver === receiver && r.type === 'middleware' && (r.path === undefined || path === undefined || path.startsWith(r.path.replace(/\/?\*\*?$/, ''))))
          .map((r) => ({ via: 'middleware', ref: r.ref, text: r.text, line: r.line })),
      ];
      const at = h?.at ?? handlerArg;
      ctx.addTarget({ kind: 'http-handler', framework: 'h3', name, symbol: name, span: ctx.span(at), handlers, ...(coveredBy.length ? { coveredBy } : {}), meta: { receiver } });
    }

    /** A router given to `app.use`: an expression of router kind, or its `.handler`. */
    function isRouter(e: ts.Expression): boolean {
      if (ctx.kindOf(e) === ROUTER) return true;
      return isPropertyAccessExpression(e) && e.name.text === 'handler' && ctx.kindOf(e.expression) === ROUTER;
    }

    /** The receiver's key: the variable at the start of a chain (`router.get(…).post(…)` → `router`). */
    function receiverKey(e: ts.Expression): string {
      let x = e;
      while (ts.isCallExpression(x) && isPropertyAccessExpression(x.expression)) x = x.expression.expression;
      return isIdentifier(x) ? x.text : ctx.text(x).slice(0, 40);
    }
  },
});

/** `'post'`, `['GET', 'POST']` → lower-case method names; undefined when absent or computed. */
function methodsOf(e: ts.Expression | undefined): string[] | undefined {
  if (!e) return undefined;
  const items = isArrayLiteralExpression(e) ? [...e.elements] : [e];
  const out = items.flatMap((x) => (isStringLiteral(x) || isNoSubstitutionTemplateLiteral(x) ? [x.text.toLowerCase()] : []));
  return out.length === items.length && out.length ? out : undefined;
}
