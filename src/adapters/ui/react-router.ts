// React Router (framework mode) and Remix route modules: the default export is the route's page component.
import { defineAdapter } from '../types.js';
import { jsxRenders } from './jsx.js';
import { REACT_ROUTER_PACKAGES, isReactRouterModule, mayBeReactRouterModule, moduleExports, reactRouterName } from '../file-routes.js';

export default defineAdapter({
  name: 'react-router',
  targetKind: 'ui-component',
  packages: REACT_ROUTER_PACKAGES,
  appliesToPath: mayBeReactRouterModule,
  create(ctx) {
    return {
      ...jsxRenders(ctx),
      end() {
        if (!isReactRouterModule(ctx)) return;
        const page = moduleExports(ctx).find((e) => e.name === 'default');
        if (!page?.callable || !page.refs.length) return;
        const name = reactRouterName(ctx.file);
        ctx.addTarget({ kind: 'ui-component', framework: 'react-router', name, symbol: page.localName ?? 'default', span: page.span, handlers: page.refs });
      },
    };
  },
});
