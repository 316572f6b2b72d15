// Koa with `@koa/router` / `koa-router`: `new Router({ prefix })` or `router.prefix(p)`, `router.METHOD(path,
// ...middleware, handler)` (named routes `router.get('name', '/path', handler)` too). Middleware runs in registration
// order, so `router.use(mw)` covers the routes declared after it (`router.use('/admin', mw)` those under
// `/admin`), and `app.use(mw)` covers the routes of
// a router mounted after it with `app.use(router.routes())` (or nested: `router.use('/x', child.routes())`).
// `app.use(mount('/api', subApp))` (koa-mount) mounts a Koa app or a router's routes under a path.
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { literalPath, routeHandlers } from '../util.js';
import { pathCovers } from '../../analysis/graph.js';
import type { TargetSummary } from '../../types.js';

const APP = 'koa.app';
const ROUTER = 'koaRouter.router';
const METHODS = ['get', 'head', 'post', 'put', 'patch', 'delete', 'del', 'options', 'all'];
const routerClass = { new: ROUTER, '()': ROUTER, ':': ROUTER };

export default defineAdapter({
  name: 'koa-router',
  targetKind: 'http-handler',
  packages: ['@koa/router', 'koa-router', 'koa', 'koa-mount'],
  model: {
    imports: {
      koa: { default: 'koa.class', Koa: 'koa.class' },
      '@koa/router': { default: 'koaRouter.class', Router: 'koaRouter.class' },
      'koa-router': { default: 'koaRouter.class', Router: 'koaRouter.class' },
      'koa-mount': { default: 'koaMount.fn' },
    },
    members: {
      'koa.class': { new: APP, ':': APP },
      'koaRouter.class': routerClass,
      [APP]: { 'use()': APP },
      [ROUTER]: {
        ...Object.fromEntries([...METHODS, 'use', 'prefix', 'param', 'redirect'].map((m) => [`${m}()`, ROUTER])),
        'routes()': 'koaRouter.middleware',
        'middleware()': 'koaRouter.middleware',
      },
    },
  },
  create(ctx) {
    /** Router variable → its `prefix` option, for route names. */
    const prefixes = new Map<string, string>();
    /** Router variable → the prefix its last `router.prefix(p)` call sets (it replaces the option's, for every route). */
    const setPrefixes = new Map<string, string>();
    const routes: { receiver: string; path: string; target: TargetSummary }[] = [];
    return {
      VariableDeclaration(node: ts.VariableDeclaration) {
        const init = node.initializer;
        if (!ts.isIdentifier(node.name) || !init || !ts.isNewExpression(init) || ctx.kindOf(init) !== ROUTER) return;
        const opts = init.arguments?.[0];
        if (!opts || !ts.isObjectLiteralExpression(opts)) return;
        for (const p of opts.properties) {
          if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'prefix') {
            const prefix = literalPath(p.initializer);
            if (prefix !== undefined) prefixes.set(node.name.text, prefix);
          }
        }
      },
      CallExpression(node: ts.CallExpression) {
        const callee = node.expression;
        if (!ts.isPropertyAccessExpression(callee)) return;
        const kind = ctx.kindOf(callee.expression);
        if (kind !== APP && kind !== ROUTER) return;
        const receiver = receiverOf(callee.expression);
        if (!receiver) return;
        const method = callee.name.text;
        const args = [...node.arguments];
        if (kind === ROUTER && METHODS.includes(method) && args.length >= 2) {
          // `router.get('user', '/users/:id', handler)`: a route name, then the path.
          const named = args.length >= 3 && literalPath(args[1]) !== undefined && literalPath(args[0]) !== undefined;
          const path = literalPath(args[named ? 1 : 0]);
          addRoute(method === 'del' ? 'delete' : method, path, receiver, args.slice(named ? 2 : 1), node);
        } else if (kind === ROUTER && method === 'prefix' && args.length === 1) {
          const prefix = literalPath(args[0]);
          if (prefix !== undefined) setPrefixes.set(receiver, prefix);
        } else if (method === 'use') {
          // `router.use('/path', mw)`: runs for paths under `/path` only (several paths: under none in particular).
          let path: string | undefined;
          while (args.length > 1 && (literalPath(args[0]) !== undefined || ts.isArrayLiteralExpression(args[0]))) {
            const p = args.shift()!;
            path = literalPath(p) ?? '<several paths>';
          }
          // Under the router's prefix, as koa-router registers it.
          if (path !== undefined && path !== '<several paths>') path = prefixOf(receiver) + path;
          for (const arg of args) register(receiver, arg, path);
        }
      },
      end() {
        for (const r of routes) {
          const prefix = setPrefixes.get(r.receiver);
          if (prefix === undefined) continue;
          r.target.name = `${r.target.name.slice(0, r.target.name.length - String(r.target.meta!.path).length)}${prefix}${r.path}`;
          r.target.meta!.path = `${prefix}${r.path}`;
        }
      },
    };

    /**
     * `x.use(router.routes())` mounts the router — also one imported from another module, whose kind this
     * file cannot see (a mount of something that declares no routes covers nothing); anything else is middleware.
     */
    function register(receiver: string, arg: ts.Expression, path: string | undefined) {
      const line = ctx.span(arg).line;
      const text = ctx.text(arg).slice(0, 80);
      // `mount('/api', api)` / `mount(router.routes())` (koa-mount): the app or router under that path.
      if (ts.isCallExpression(arg) && ctx.kindOf(arg.expression) === 'koaMount.fn' && arg.arguments.length >= 1) {
        const [first, second] = arg.arguments;
        const sub = second ?? first;
        const at = second ? literalPath(first) : undefined;
        const inner = ts.isCallExpression(sub) && ts.isPropertyAccessExpression(sub.expression) && ['routes', 'middleware'].includes(sub.expression.name.text) ? sub.expression.expression : sub;
        const mounted = ctx.refOf(inner);
        const full = at === undefined ? path : (path ?? prefixOf(receiver)) + at;
        if (mounted) ctx.addRegistration({ receiver, type: 'mount', ref: mounted, text, line, path: full || undefined });
        return;
      }
      const mountsRouter =
        ts.isCallExpression(arg) && arg.arguments.length === 0 && ts.isPropertyAccessExpression(arg.expression) &&
        ['routes', 'middleware'].includes(arg.expression.name.text) && [ROUTER, undefined].includes(ctx.kindOf(arg.expression.expression));
      if (mountsRouter) {
        // A nested router's routes run behind this router's prefix and the path it is mounted at.
        const mounted = ctx.refOf(arg.expression.expression);
        if (mounted) ctx.addRegistration({ receiver, type: 'mount', ref: mounted, text, line, path: path ?? (prefixOf(receiver) || undefined) });
        return;
      }
      const ref = ctx.refOf(arg);
      if (ref) ctx.addRegistration({ receiver, type: 'middleware', ref, text, line, path });
    }

    function addRoute(method: string, path: string | undefined, receiver: string, args: ts.Expression[], call: ts.CallExpression) {
      const fns = routeHandlers(args);
      if (!fns.length) return;
      const handlers = fns.map((f) => ctx.refOf(f)).filter((r) => r !== undefined);
      const shown = path === undefined ? '<dynamic path>' : (prefixes.get(receiver) ?? '') + path;
      const name = `${method.toUpperCase()} ${shown}`;
      const coveredBy = ctx.summary.registrations
        .filter((r) => r.receiver === receiver && r.type === 'middleware' && pathCovers(r.path, path === undefined ? undefined : prefixOf(receiver) + path))
        .map((r) => ({ via: 'middleware', ref: r.ref, text: r.text, line: r.line }));
      const target: TargetSummary = { kind: 'http-handler', framework: 'koa-router', name, symbol: name, span: ctx.span(fns[fns.length - 1] ?? call), handlers, coveredBy, meta: { receiver, path: shown } };
      ctx.addTarget(target);
      if (path !== undefined) routes.push({ receiver, path, target });
    }

    /** The prefix a router's routes and middleware paths get so far: its last `prefix(p)` call, else its option. */
    function prefixOf(receiver: string): string {
      return setPrefixes.get(receiver) ?? prefixes.get(receiver) ?? '';
    }

    /** The router or app a call is made on, through chains: `router.get(…).post(…)`. */
    function receiverOf(expr: ts.Expression): string | undefined {
      let e = expr;
      while (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) e = e.expression.expression;
      return ts.isIdentifier(e) ? e.text : undefined;
    }
  },
});
