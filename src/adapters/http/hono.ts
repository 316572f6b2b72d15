// Hono: `new Hono()` apps (`hono`, `hono/quick`, `hono/tiny`), `app.METHOD(path, ...handlers)`,
// `app.on(method, path, ...handlers)`, chains (`app.get(…).post(…)`, a path-less `.post(h)` reusing the
// previous path), `app.basePath(prefix)` (same router, prefixed paths) and `app.route(prefix, subApp)`.
// Hono runs middleware in registration order and only where its path pattern matches: `app.use(mw)` /
// `app.use('*', mw)` covers the routes (and sub-apps mounted with `route`) registered after it,
// `app.use('/admin/*', mw)` only the later routes and sub-apps under `/admin`.
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { literalPath, routeHandlers } from '../util.js';
import type { CoverageRef } from '../../types.js';
import { OUTER_CASTS, skipOuterExpressions } from '../../analysis/semantic.js';

const APP = 'hono.app';
const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'options', 'all'];
const honoExports = { Hono: 'hono.class' };

/** Where routes declared through an expression end up: the app's key and the base path in front of them. */
interface Receiver {
  key: string;
  prefix: string;
}

export default defineAdapter({
  name: 'hono',
  targetKind: 'http-handler',
  packages: ['hono'],
  model: {
    imports: { hono: honoExports, 'hono/quick': honoExports, 'hono/tiny': honoExports },
    members: {
      'hono.class': { new: APP, ':': APP },
      [APP]: Object.fromEntries([...METHODS, 'on', 'use', 'route', 'basePath'].map((m) => [`${m}()`, APP])),
    },
  },
  create(ctx) {
    /** App variables of this file: `const api = app.basePath('/api')` shares `app`'s router. */
    const apps = new Map<string, Receiver>();
    const middleware: (CoverageRef & { key: string; scope: RegExp })[] = [];

    return {
      VariableDeclaration(node: ts.VariableDeclaration) {
        if (!ts.isIdentifier(node.name) || !node.initializer || ctx.kindOf(node.initializer) !== APP) return;
        const r = receiverOf(node.initializer, node.name.text);
        if (r) apps.set(node.name.text, r);
      },
      CallExpression(node: ts.CallExpression) {
        const callee = node.expression;
        if (!ts.isPropertyAccessExpression(callee) || ctx.kindOf(callee.expression) !== APP) return;
        const method = callee.name.text;
        const r = receiverOf(callee.expression);
        if (!r) return;
        const args = [...node.arguments];
        if (METHODS.includes(method) && args.length >= 1) {
          const paths = pathsOf(args[0]);
          if (paths) args.shift();
          addRoute(r, [method], paths ?? [previousPath(callee.expression)], args, node);
        } else if (method === 'on' && args.length >= 3) {
          const methods = (stringsOf(args[0]) ?? ['<method>']).map((m) => m.toLowerCase());
          addRoute(r, methods, pathsOf(args[1]) ?? [undefined], args.slice(2), node);
        } else if (method === 'use') {
          const path = args.length > 1 ? literalPath(args[0]) : undefined;
          if (path !== undefined) args.shift();
          const scope = join(r.prefix, path ?? '*');
          for (const fn of routeHandlers(args)) {
            const ref = ctx.refOf(fn);
            if (!ref) continue;
            const text = ctx.text(fn).slice(0, 80);
            const line = ctx.span(fn).line;
            middleware.push({ key: r.key, scope: pattern(scope), via: 'middleware', ref, text, line });
            ctx.addRegistration({ receiver: r.key, type: 'middleware', ref, text, line, path: scope === '*' ? undefined : scope });
          }
        } else if (method === 'route' && args.length >= 2) {
          const ref = ctx.refOf(args[1]);
          const path = literalPath(args[0]);
          if (ref) ctx.addRegistration({ receiver: r.key, type: 'mount', ref, text: ctx.text(args[1]).slice(0, 80), line: ctx.span(args[1]).line, path: path === undefined ? undefined : join(r.prefix, path) });
        }
      },
    };

    function addRoute(r: Receiver, methods: string[], paths: (string | undefined)[], args: ts.Expression[], call: ts.CallExpression) {
      const fns = routeHandlers(args);
      if (!fns.length) return;
      const handlers = fns.map((f) => ctx.refOf(f)).filter((h) => h !== undefined);
      const full = paths.map((p) => (p === undefined ? undefined : join(r.prefix, p)));
      const name = `${methods.map((m) => m.toUpperCase()).join(',')} ${full.map((p) => p ?? '<dynamic path>').join(',')}`;
      // Middleware applies when its pattern matches every path of the route (a dynamic path: only `*`).
      const coveredBy = middleware
        .filter((m) => m.key === r.key && full.every((p) => (p === undefined ? m.scope.source === '^.*$' : m.scope.test(p))))
        .map(({ via, ref, text, line }) => ({ via, ref, text, line }));
      // A route of several paths keeps its name: one mount prefix would have to go in front of each.
      const meta: Record<string, string> = full.length === 1 ? { receiver: r.key, path: full[0] ?? '<dynamic path>' } : { receiver: r.key };
      ctx.addTarget({ kind: 'http-handler', framework: 'hono', name, symbol: name, span: ctx.span(fns[fns.length - 1] ?? call), handlers, coveredBy, meta });
    }

    /**
     * The app an expression denotes, through chains and `basePath`: a variable of this file (its key and
     * prefix), another identifier (a parameter, an import), or a fresh `new Hono()` named by the variable
     * (or default export) it initialises.
     */
    function receiverOf(expr: ts.Expression, declaring?: string): Receiver | undefined {
      const bases: string[] = [];
      let e = unwrap(expr);
      while (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && ctx.kindOf(e.expression.expression) === APP) {
        if (e.expression.name.text === 'basePath') bases.unshift(literalPath(e.arguments[0]) ?? '<dynamic>');
        e = unwrap(e.expression.expression);
      }
      let base: Receiver | undefined;
      if (ts.isIdentifier(e)) base = apps.get(e.text) ?? { key: e.text, prefix: '' };
      else if (ts.isNewExpression(e)) {
        const owner = declaring ?? ownerName(expr);
        if (owner) base = { key: owner, prefix: '' };
      }
      if (!base) return undefined;
      return { key: base.key, prefix: bases.reduce((p, b) => join(p, b), base.prefix) };
    }

    /** `new Hono().get(…)` written as a variable's initialiser or as the default export. */
    function ownerName(expr: ts.Node): string | undefined {
      let n: ts.Node = expr;
      while (n.parent && (ts.isCallExpression(n.parent) || ts.isPropertyAccessExpression(n.parent) || ts.isParenthesizedExpression(n.parent))) n = n.parent;
      const p = n.parent;
      if (p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
      if (p && ts.isExportAssignment(p)) return 'default';
      return undefined;
    }

    /** `app.get('/a', h).post(h2)`: Hono reuses the last path given in the chain. */
    function previousPath(expr: ts.Expression): string | undefined {
      let e = unwrap(expr);
      while (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
        const p = e.arguments[0] && pathsOf(e.arguments[e.expression.name.text === 'on' ? 1 : 0]);
        if (p && [...METHODS, 'on'].includes(e.expression.name.text)) return p[0];
        e = unwrap(e.expression.expression);
      }
      return undefined;
    }
  },
});

function unwrap(e: ts.Expression): ts.Expression {
  return skipOuterExpressions(e, OUTER_CASTS);
}

/** `'/a'` or `['/a', '/b']` → the paths; anything else (a handler) → undefined. */
function pathsOf(e: ts.Expression | undefined): string[] | undefined {
  if (!e) return undefined;
  if (ts.isArrayLiteralExpression(e)) {
    const ps = e.elements.map((x) => literalPath(x));
    return ps.every((p): p is string => p !== undefined) && ps.length ? ps : undefined;
  }
  const p = literalPath(e);
  return p === undefined ? undefined : [p];
}

function stringsOf(e: ts.Expression): string[] | undefined {
  const elements = ts.isArrayLiteralExpression(e) ? [...e.elements] : [e];
  const out = elements.flatMap((x) => (ts.isStringLiteral(x) || ts.isNoSubstitutionTemplateLiteral(x) ? [x.text] : []));
  return out.length ? out : undefined;
}

/** Hono's path joining: `join('/api', '/users')` → `/api/users`; `join('/api', '*')` → `/api/*`; `join('', '*')` → `*`. */
function join(prefix: string, path: string): string {
  if (!prefix || prefix === '/') return path === '/*' ? '*' : path;
  if (path === '*' || path === '/*') return `${prefix.replace(/\/$/, '')}/*`;
  if (path === '/' || path === '') return prefix;
  return `${prefix.replace(/\/$/, '')}/${path.replace(/^\//, '')}`;
}

/** A middleware path pattern as a test on route paths: `*` any run of characters, `/x/*` also `/x` itself. */
function pattern(scope: string): RegExp {
  if (scope === '*') return /^.*$/;
  const body = scope
    .split('*')
    .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z_]\w*/g, '[^/]+'))
    .join('.*');
  return new RegExp(`^${body.replace(/\/\.\*$/, '(/.*)?')}$`);
}
