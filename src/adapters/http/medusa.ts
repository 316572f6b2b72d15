// Medusa v2 API routes, by file path: `src/api/**/route.{ts,js}` exporting `GET`, `POST`, `PUT`, `PATCH`,
// `DELETE`, `OPTIONS`, `HEAD` as functions (`[id]` folders are `:id`: `GET /admin/orders/:id`); other
// exports (`AUTHENTICATE = false`, `CORS`) are settings. `src/api` is a common folder name, so a route file
// counts only when it imports a `@medusajs/*` package (every Medusa route imports its request and
// response types, `MedusaRequest` / `MedusaResponse`, from `@medusajs/framework/http` or
// `@medusajs/medusa`). Middleware routes (`{ matcher, method?, middlewares: [...] }` objects, as
// `defineMiddlewares` takes them in `src/api/middlewares.ts`, in any Medusa-importing file under
// `src/api/`) cover the routes their matcher and methods select: project-wide registrations limited to
// that `src/api` folder and to the matching target names, since the middleware file never imports the routes.
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { medusaApiFolder, medusaRoutePath, moduleExports } from '../file-routes.js';
import type { ScanContext } from '../../analysis/plugin.js';

// Hoisted: `ts.X` on the bundled compiler is a getter on a dictionary-mode object (about 10 ns a use).
const { isArrayLiteralExpression, isIdentifier, isPropertyAssignment, isShorthandPropertyAssignment, isSpreadElement, isStringLiteral, isNoSubstitutionTemplateLiteral } = ts;

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];

const importsMedusa = (ctx: ScanContext) => [...ctx.importSpecifiers].some((s) => s.startsWith('@medusajs/'));

export default defineAdapter({
  name: 'medusa',
  targetKind: 'http-handler',
  packages: [],
  appliesToPath: (p) => medusaApiFolder(p) !== undefined,
  create(ctx) {
    if (!importsMedusa(ctx)) return {};
    const within = medusaApiFolder(ctx.file)!;
    return {
      // `{ matcher: '/admin/orders*', method: ['POST'], middlewares: [traced, validate] }`
      ObjectLiteralExpression(node: ts.ObjectLiteralExpression) {
        const m = property(node, 'matcher');
        // A RegExp matcher is tested against paths at run time: not read here.
        const matcher = m && (isStringLiteral(m) || isNoSubstitutionTemplateLiteral(m)) ? m.text : undefined;
        const middlewares = property(node, 'middlewares');
        if (matcher === undefined || !middlewares || !isArrayLiteralExpression(middlewares)) return;
        const methods = methodsOf(property(node, 'method'));
        // Without a method (or `USE`), Medusa registers the middleware with `router.use`, which also runs for paths below the matcher.
        const patterns = methods ? methods.map((m) => `${m} ${matcher}`) : [`* ${matcher.replace(/\/$/, '')}*`];
        for (const mw of middlewares.elements) {
          if (isSpreadElement(mw)) continue;
          const ref = ctx.refOf(mw);
          if (!ref) continue;
          for (const targets of patterns) {
            ctx.addRegistration({ receiver: 'medusa', type: 'global', ref, text: `${ctx.text(mw).slice(0, 60)} (${methods ? `${methods.join(',')} ` : ''}${matcher})`, line: ctx.span(mw).line, within, targets });
          }
        }
      },
      end() {
        const path = medusaRoutePath(ctx.file);
        if (path === undefined) return;
        for (const e of moduleExports(ctx)) {
          if (!METHODS.includes(e.name) || !e.callable || !e.refs.length) continue;
          const name = `${e.name} ${path}`;
          ctx.addTarget({ kind: 'http-handler', framework: 'medusa', name, symbol: name, span: e.span, handlers: e.refs });
        }
      },
    };
  },
});

function property(obj: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of obj.properties) {
    if (isPropertyAssignment(p) && (isIdentifier(p.name) || isStringLiteral(p.name)) && p.name.text === name) return p.initializer;
    if (isShorthandPropertyAssignment(p) && p.name.text === name) return p.name;
  }
  return undefined;
}

/** `method: 'POST'` or `['GET', 'POST']` → the methods; undefined for every method (absent, `USE`, `ALL`, or computed). */
function methodsOf(e: ts.Expression | undefined): string[] | undefined {
  if (!e) return undefined;
  const items = isArrayLiteralExpression(e) ? [...e.elements] : [e];
  const out = items.flatMap((x) => (isStringLiteral(x) || isNoSubstitutionTemplateLiteral(x) ? [x.text.toUpperCase()] : []));
  if (out.length !== items.length || !out.length || out.includes('USE') || out.includes('ALL')) return undefined;
  return out;
}
