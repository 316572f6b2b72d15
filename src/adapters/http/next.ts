// Next.js route handlers, found by file path: app-router `route.ts` files exporting HTTP-method
// functions, and pages-router API routes (`pages/api/**` default exports).
import { defineAdapter } from '../types.js';
import { NEXT_APP, moduleExports, nextAppPath, nextPagesPath } from '../file-routes.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

export default defineAdapter({
  name: 'next',
  targetKind: 'http-handler',
  packages: [],
  appliesToPath: (p) => nextAppPath(p, 'route') !== undefined || nextPagesPath(p)?.api === true,
  create(ctx) {
    return {
      end() {
        const appPath = nextAppPath(ctx.file, 'route');
        for (const e of moduleExports(ctx)) {
          if (!e.callable || !e.refs.length) continue;
          let name: string;
          if (appPath !== undefined && METHODS.includes(e.name)) name = `${e.name} ${appPath}`;
          else if (appPath === undefined && e.name === 'default') name = `ALL ${nextPagesPath(ctx.file)!.path}`;
          else continue;
          ctx.addTarget({ kind: 'http-handler', framework: 'next', name, symbol: name, span: e.span, handlers: e.refs, requiresPackage: NEXT_APP });
        }
      },
    };
  },
});
