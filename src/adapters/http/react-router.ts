// React Router (framework mode) and Remix route modules: `loader` and `action` (and their client-side
// `clientLoader` / `clientAction`) answer the HTTP requests of the route.
import { defineAdapter } from '../types.js';
import { REACT_ROUTER_PACKAGES, reactRouterFramework, isReactRouterModule, mayBeReactRouterModule, moduleExports, reactRouterName } from '../file-routes.js';

const HANDLERS = ['loader', 'action', 'clientLoader', 'clientAction'];

export default defineAdapter({
  name: 'react-router',
  targetKind: 'http-handler',
  packages: REACT_ROUTER_PACKAGES,
  appliesToPath: mayBeReactRouterModule,
  create(ctx) {
    return {
      end() {
        if (!isReactRouterModule(ctx)) return;
        const route = reactRouterName(ctx.file);
        for (const e of moduleExports(ctx)) {
          if (!HANDLERS.includes(e.name) || !e.callable || !e.refs.length) continue;
          const name = `${e.name} ${route}`;
          ctx.addTarget({ kind: 'http-handler', framework: 'react-router', name, symbol: e.name, span: e.span, handlers: e.refs, requiresPackage: reactRouterFramework(ctx.file) });
        }
      },
    };
  },
});
