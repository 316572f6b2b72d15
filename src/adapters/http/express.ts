import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { pathCovers } from '../../analysis/graph.js';
import { literalPath, routeHandlers } from '../util.js';

// Hoisted: `ts.X` on the bundled compiler is a getter on a dictionary-mode object (about 10 ns a use), and these run per call or node.
const { isArrayLiteralExpression, isCallExpression, isPropertyAccessExpression } = ts;

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'options', 'head', 'all'];
const chain = Object.fromEntries(METHODS.map((m) => [`${m}()`, 'express.route']));

/** `['/', '/:id']`: the paths of a literal array, as alternatives (`/ | /:id`). */
function pathList(arg: ts.Expression | undefined): string | undefined {
  if (!arg || !isArrayLiteralExpression(arg) || !arg.elements.length) return undefined;
  const paths = arg.elements.map((e) => literalPath(e));
  return paths.every((p) => p !== undefined) ? paths.join(' | ') : undefined;
}

export default defineAdapter({
  name: 'express',
  targetKind: 'http-handler',
  packages: ['express', '@modelcontextprotocol/sdk'],
  model: {
    imports: {
      express: {
        default: 'express.module',
        '*': 'express.module',
        Router: 'express.routerFactory',
        Express: 'express.app',
        Application: 'express.app',
      },
      // The MCP SDK's helper returns a configured Express app.
      '@modelcontextprotocol/sdk/server/express.js': { createMcpExpressApp: 'express.module' },
      '@modelcontextprotocol/sdk/server/express': { createMcpExpressApp: 'express.module' },
    },
    members: {
      'express.module': { '()': 'express.app', 'Router()': 'express.router', Router: 'express.routerFactory', Express: 'express.app', Application: 'express.app' },
      'express.routerFactory': { '()': 'express.router', ':': 'express.router' },
      'express.app': { 'route()': 'express.route' },
      'express.router': { 'route()': 'express.route' },
      'express.route': chain,
    },
  },
  create(ctx) {
    return {
      CallExpression(node: ts.CallExpression) {
        const callee = node.expression;
        if (!isPropertyAccessExpression(callee)) return;
        const method = callee.name.text;
        const recvKind = ctx.kindOf(callee.expression);
        if (recvKind === 'express.route' && METHODS.includes(method)) {
          // app.route('/x').get(h).post(h): find the `.route(path)` call and its receiver.
          let inner: ts.Expression = callee.expression;
          while (isCallExpression(inner) && isPropertyAccessExpression(inner.expression) && inner.expression.name.text !== 'route') {
            inner = inner.expression.expression;
          }
          if (!isCallExpression(inner) || !isPropertyAccessExpression(inner.expression)) return;
          const receiver = ctx.text(inner.expression.expression);
          addRoute(method, inner.arguments[0], receiver, [...node.arguments], node);
          return;
        }
        if (recvKind !== 'express.app' && recvKind !== 'express.router') return;
        const receiver = ctx.text(callee.expression);
        if (METHODS.includes(method) && node.arguments.length >= 2) {
          // `app.get('setting')` (one argument) reads a setting; a route has a path and a handler.
          addRoute(method, node.arguments[0], receiver, node.arguments.slice(1), node);
        } else if (method === 'use') {
          const args = [...node.arguments];
          const path = args.length > 1 ? literalPath(args[0]) : undefined;
          if (path !== undefined) args.shift();
          for (const fn of routeHandlers(args)) {
            const ref = ctx.refOf(fn);
            if (!ref) continue;
            // `app.use('/admin', auth, adminRouter)`: auth runs only for paths under /admin.
            ctx.addRegistration({ receiver, type: 'middleware', ref, text: ctx.text(fn).slice(0, 80), line: ctx.span(fn).line, path });
            // A router by name, or as a member of an imported object (`routers.orders`).
            if (ref.kind === 'binding' || ref.kind === 'member') {
              ctx.addRegistration({ receiver, type: 'mount', ref, text: ctx.text(fn).slice(0, 80), line: ctx.span(fn).line, path });
            }
          }
        }
      },
    };

    function addRoute(method: string, pathArg: ts.Expression | undefined, receiver: string, args: ts.Expression[], call: ts.CallExpression) {
      const fns = routeHandlers(args);
      if (!fns.length) return;
      const handlers = fns.map((f) => ctx.refOf(f)).filter((r) => r !== undefined);
      const path = literalPath(pathArg);
      // The fingerprint's symbol as it has always been; the name also spells out a list of paths.
      const symbol = `${method.toUpperCase()} ${path ?? '<dynamic path>'}`;
      const shown = path ?? pathList(pathArg) ?? '<dynamic path>';
      const coveredBy = ctx.summary.registrations
        .filter((r) => r.receiver === receiver && r.type === 'middleware' && pathCovers(r.path, path))
        .map((r) => ({ via: 'middleware', ref: r.ref, text: r.text, line: r.line }));
      ctx.addTarget({
        kind: 'http-handler',
        framework: 'express',
        name: `${method.toUpperCase()} ${shown}`,
        span: ctx.span(fns[fns.length - 1] ?? call),
        handlers,
        coveredBy,
        symbol,
        meta: { receiver, path: shown },
      });
    }
  },
});
