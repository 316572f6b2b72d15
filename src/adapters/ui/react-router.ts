// React Router (framework mode) and Remix route modules: the default export is the route's page component.
import { defineAdapter } from '../types.js';
import { REACT_ROUTER_PACKAGES, reactRouterFramework, isReactRouterModule, mayBeReactRouterModule, moduleExports, nextPageUrl, reactRouterName } from '../file-routes.js';

export default defineAdapter({
  name: 'react-router',
  targetKind: 'ui-component',
  packages: REACT_ROUTER_PACKAGES,
  appliesToPath: mayBeReactRouterModule,
  create(ctx) {
    return {
      end() {
        // One page target per file: a Next.js page in an `app/routes/` folder stays Next's.
        if (!isReactRouterModule(ctx) || nextPageUrl(ctx.file) !== undefined) return;
        const page = moduleExports(ctx).find((e) => e.name === 'default');
        if (!page?.callable || !page.refs.length) return;
        const name = reactRouterName(ctx.file);
        ctx.addTarget({ kind: 'ui-component', framework: 'react-router', name, symbol: page.localName ?? 'default', span: page.span, handlers: page.refs, requiresPackage: reactRouterFramework(ctx.file) });
      },
    };
  },
});
