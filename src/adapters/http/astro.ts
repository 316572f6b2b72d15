// Astro endpoints, by file path: `.ts` / `.js` files under `src/pages/` exporting `GET`, `POST`, `PUT`,
// `PATCH`, `DELETE`, `OPTIONS`, `HEAD` or `ALL` (functions, or `export const GET: APIRoute = …`), named
// after the file's URL (`GET /api/orders/[id]`). `.astro` pages are not TypeScript and are not analysed.
// The `onRequest` export of the app's `src/middleware.{ts,js}` (or `src/middleware/index.*`), including
// `defineMiddleware(fn)` and `sequence(a, b)` from `astro:middleware`, runs around every request of the
// app: registration-level coverage for every endpoint under that `src/` (a project-wide registration
// limited to the app's folder, since the middleware file never imports the endpoints).
import { defineAdapter } from '../types.js';
import { astroEndpointPath, astroMiddleware, moduleExports } from '../file-routes.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'ALL'];

export default defineAdapter({
  name: 'astro',
  targetKind: 'http-handler',
  packages: [],
  appliesToPath: (p) => astroEndpointPath(p) !== undefined || astroMiddleware(p) !== undefined,
  create(ctx) {
    return {
      end() {
        const middleware = astroMiddleware(ctx.file);
        if (middleware) {
          const onRequest = moduleExports(ctx).find((e) => e.name === 'onRequest' && e.callable);
          for (const ref of onRequest?.refs ?? []) {
            ctx.addRegistration({ receiver: 'astro', type: 'global', ref, text: `onRequest (${ctx.file.replace(/^.*\/src\//, 'src/')})`, line: onRequest!.span.line, within: middleware.appRoot });
          }
          return;
        }
        const path = astroEndpointPath(ctx.file)!;
        for (const e of moduleExports(ctx)) {
          if (!METHODS.includes(e.name) || !e.callable || !e.refs.length) continue;
          const name = `${e.name} ${path}`;
          ctx.addTarget({ kind: 'http-handler', framework: 'astro', name, symbol: name, span: e.span, handlers: e.refs });
        }
      },
    };
  },
});
