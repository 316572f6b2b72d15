// Elysia: instances from `new Elysia({ prefix? })` (`elysia`, default or named import), parameters typed
// `Elysia`, and the instances Elysia hands to callbacks (`group(prefix, app => …)`, `guard(hooks, app => …)`,
// inline plugins `use(app => …)`). Targets: `app.METHOD(path, handler, hooks?)` for get/post/put/patch/
// delete/options/head/all and `app.route(method, path, handler, hooks?)`; a static response (`get('/',
// 'ok')`, `file(…)`) runs no code and is no target. The route's hook object (`beforeHandle`, `afterHandle`,
// `transform`, …) runs with the handler: its functions count as the route's own.
//
// Coverage follows Elysia's lifecycle scopes: a hook (`onRequest`, `onParse`, `onTransform`, `derive`,
// `resolve`, `onBeforeHandle`, `onAfterHandle`, `mapResponse`, `onAfterResponse`, `onError`, `trace`, or
// `guard({ beforeHandle })` without a callback) applies to the routes registered after it on its instance,
// and to the plugins `use`d after it (local scope: "current instance and descendants"). A hook marked
// `{ as: 'scoped' }` or `{ as: 'global' }` (or cast by a later `.as('scoped' | 'global' | 'plugin')`)
// also applies to the instance that uses its plugin, from the `use` on, and so do the hooks a plugin
// function adds (`use((app: Elysia) => app.onBeforeHandle(…))` runs on the using instance itself). Hooks
// inside `group` / `guard` callbacks stay inside them. Names carry the instance's `prefix`, enclosing
// `group` prefixes and, across files, the prefixes of the instances that `use` it.
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { literalPath, routeHandlers } from '../util.js';
import { joinRoutePath } from '../../analysis/graph.js';
import type { CallRef, CoverageRef, TargetSummary } from '../../types.js';
import { OUTER_CASTS, skipOuterExpressions } from '../../analysis/semantic.js';

const {
  isArrayLiteralExpression,
  isArrowFunction,
  isAsExpression,
  isCallExpression,
  isExportAssignment,
  isFunctionDeclaration,
  isFunctionExpression,
  isIdentifier,
  isMethodDeclaration,
  isNewExpression,
  isNoSubstitutionTemplateLiteral,
  isObjectLiteralExpression,
  isParenthesizedExpression,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isReturnStatement,
  isShorthandPropertyAssignment,
  isStringLiteral,
  isVariableDeclaration,
} = ts;

const APP = 'elysia.app';
const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'options', 'head', 'all'];
const HOOKS = new Set(['onRequest', 'onParse', 'onTransform', 'derive', 'resolve', 'onBeforeHandle', 'onAfterHandle', 'mapResponse', 'onAfterResponse', 'onResponse', 'onError', 'trace']);
/** Keys of a route's (or guard's) hook object whose functions run per request. */
const ROUTE_HOOKS = new Set(['beforeHandle', 'afterHandle', 'transform', 'parse', 'derive', 'resolve', 'mapResponse', 'afterResponse', 'onResponse', 'error']);
const elysiaExports = { Elysia: 'elysia.class', default: 'elysia.class', file: 'elysia.file' };

/** An instance as the file sees it: routes, hooks and plugins of the same `key` share one Elysia instance. */
interface Scope {
  /** Unique per scope: a group callback has its own hooks. */
  id: number;
  /** The instance's identity for registrations across files: a variable name, a function id, a position. */
  key: string;
  /** The path in front of this scope's routes within the file (`prefix` option, enclosing groups). */
  prefix: string;
  /** For a group / guard callback: the scope it runs in and where it is called. */
  parent?: { scope: Scope; pos: number };
  /** Hooks of a `guard(hooks, callback)` / `group(prefix, hooks, callback)`. */
  guardHooks: CoverageRef[];
  /** A plugin function's parameter: the instance that `use`s the function, so its hooks are that instance's. */
  functional?: boolean;
}

interface Hook extends CoverageRef {
  scope: Scope;
  pos: number;
  shared: boolean;
}

export default defineAdapter({
  name: 'elysia',
  targetKind: 'http-handler',
  packages: ['elysia'],
  model: {
    imports: { elysia: elysiaExports },
    members: {
      'elysia.class': { new: APP, ':': APP },
      // Every method of an instance returns the instance, except these.
      [APP]: { '*()': APP, 'handle()': 'elysia.response', 'fetch()': 'elysia.response', 'stop()': 'elysia.promise', 'modules()': 'elysia.promise' },
    },
    callbackParams: { [APP]: { 'group()': APP, 'guard()': APP, 'use()': APP } },
  },
  create(ctx) {
    const vars = new Map<string, Scope>();
    const scopes = new Map<ts.Node, Scope>();
    /** Instances known only by a name this file does not declare (an import typed `Elysia`, a global). */
    const named = new Map<string, Scope>();
    let nextId = 0;
    const routes: { scope: Scope; pos: number; name: string; path: string; handlers: CallRef[]; node: ts.Node }[] = [];
    const hooks: Hook[] = [];
    const uses: { scope: Scope; pos: number; ref: CallRef; text: string; line: number }[] = [];
    const casts: { scope: Scope; pos: number }[] = [];

    return {
      VariableDeclaration(node: ts.VariableDeclaration) {
        if (!isIdentifier(node.name) || !node.initializer || ctx.kindOf(node.initializer) !== APP) return;
        const s = scopeOf(node.initializer);
        if (s) vars.set(node.name.text, s);
      },
      CallExpression(node: ts.CallExpression) {
        const callee = node.expression;
        if (!isPropertyAccessExpression(callee) || ctx.kindOf(callee.expression) !== APP) return;
        const scope = scopeOf(callee.expression);
        if (!scope) return;
        const method = callee.name.text;
        const pos = callee.name.getStart(ctx.sourceFile);
        const args = node.arguments;
        if (METHODS.includes(method) && args.length >= 2) {
          addRoute(scope, pos, method, args[0], args[1], args[2]);
        } else if (method === 'route' && args.length >= 3) {
          const m = literalPath(args[0]);
          addRoute(scope, pos, m ?? '<method>', args[1], args[2], args[3]);
        } else if (HOOKS.has(method) && args.length >= 1) {
          const options = args.length >= 2 && isObjectLiteralExpression(args[0]) ? args[0] : undefined;
          const shared = sharesScope(options);
          for (const fn of routeHandlers(options ? args.slice(1) : [...args])) addHook(scope, pos, fn, `${method}(${snippet(ctx.text(fn), 60)})`, shared);
        } else if (method === 'guard' && args.length === 1 && isObjectLiteralExpression(args[0])) {
          // `guard({ beforeHandle })` without a callback: hooks for the routes registered after it.
          const shared = sharesScope(args[0]);
          for (const h of hookObject(args[0])) addHook(scope, pos, h.node, `guard({ ${h.key}: ${snippet(ctx.text(h.node), 50)} })`, shared);
        } else if (method === 'as' && args.length === 1) {
          const as = literalPath(args[0]);
          if (as === 'scoped' || as === 'global' || as === 'plugin') casts.push({ scope, pos });
        } else if (method === 'use' && args.length >= 1) {
          const ref = pluginRef(args[0]);
          if (ref) uses.push({ scope, pos, ref, text: `use(${snippet(ctx.text(args[0]), 70)})`, line: ctx.span(args[0]).line });
        }
      },
      end() {
        // `.as('scoped')` casts the hooks registered before it on the same instance.
        for (const c of casts) for (const h of hooks) if (h.scope.id === c.scope.id && h.pos < c.pos) h.shared = true;
        // Registrations in source order (the order Elysia runs the chain in), routes placed among them.
        const events = [
          // A group's hooks stay inside it: only the instance's own go to the graph, where they cover plugins used later.
          ...hooks.filter((h) => !h.scope.parent).map((h) => ({ pos: h.pos, run: () => ctx.addRegistration({ receiver: h.scope.key, type: 'middleware', ref: h.ref, text: h.text, line: h.line, appliesToParent: h.shared || h.scope.functional || undefined }) })),
          ...uses.map((u) => ({ pos: u.pos, run: () => ctx.addRegistration({ receiver: u.scope.key, type: 'mount', ref: u.ref, text: u.text, line: u.line, path: u.scope.prefix || undefined }) })),
          ...routes.map((r) => ({ pos: r.pos, run: () => addTarget(r) })),
        ].sort((a, b) => a.pos - b.pos);
        for (const e of events) e.run();
      },
    };

    function addTarget(r: (typeof routes)[number]) {
      const target: TargetSummary = {
        kind: 'http-handler',
        framework: 'elysia',
        name: r.name,
        symbol: r.name,
        span: ctx.span(r.node),
        handlers: r.handlers,
        coveredBy: coverage(r.scope, r.pos),
        // Where the route stands among its instance's registrations: plugins `use`d later do not cover it.
        meta: { receiver: r.scope.key, path: r.path, order: ctx.summary.registrations.length },
      };
      ctx.addTarget(target);
    }

    /** Hooks of the route's instance registered before it, and those of the scopes its group runs in. */
    function coverage(scope: Scope, pos: number): CoverageRef[] {
      const out: CoverageRef[] = [];
      for (let s: Scope | undefined = scope, at = pos; s; at = s.parent?.pos ?? 0, s = s.parent?.scope) {
        for (const h of hooks) if (h.scope.id === s.id && h.pos < at) out.push({ via: 'middleware', ref: h.ref, text: h.text, line: h.line });
        out.push(...s.guardHooks);
      }
      return out;
    }

    function addRoute(scope: Scope, pos: number, method: string, pathArg: ts.Expression, handlerArg: ts.Expression, hookArg: ts.Expression | undefined) {
      let main: ts.Node = handlerArg;
      let handler = unwrap(handlerArg);
      if (isObjectLiteralExpression(handler)) {
        const h = property(handler, 'handler');
        if (!h) return;
        main = h;
        handler = unwrap(h);
      }
      if (isStaticResponse(handler)) return;
      const ref = ctx.refOf(handler);
      if (!ref) return;
      const handlers: CallRef[] = [ref];
      if (hookArg && isObjectLiteralExpression(unwrap(hookArg))) {
        for (const h of hookObject(unwrap(hookArg) as ts.ObjectLiteralExpression)) handlers.push(h.ref);
      }
      const own = literalPath(pathArg);
      const path = own === undefined ? '<dynamic path>' : joinRoutePath(scope.prefix, own.startsWith('/') || own === '' ? own : `/${own}`);
      routes.push({ scope, pos, name: `${method.toUpperCase()} ${path}`, path, handlers, node: main });
    }

    function addHook(scope: Scope, pos: number, fn: ts.Node, text: string, shared: boolean) {
      const ref = isMethodDeclaration(fn) ? { kind: 'fn' as const, id: ctx.fnId(fn) } : ctx.refOf(fn);
      if (ref) hooks.push({ scope, pos, ref, text, line: ctx.span(fn).line, via: 'middleware', shared });
    }

    /** The functions of a hook object: `{ beforeHandle: fn | [fn…], afterHandle() {…} }`. */
    function hookObject(obj: ts.ObjectLiteralExpression): { key: string; node: ts.Node; ref: CallRef }[] {
      const out: { key: string; node: ts.Node; ref: CallRef }[] = [];
      for (const p of obj.properties) {
        const key = p.name && (isIdentifier(p.name) || isStringLiteral(p.name)) ? p.name.text : undefined;
        if (!key || !ROUTE_HOOKS.has(key)) continue;
        const values = isMethodDeclaration(p) ? [p] : isPropertyAssignment(p) ? routeHandlers([p.initializer]) : isShorthandPropertyAssignment(p) ? [p.name] : [];
        for (const v of values) {
          const ref = isMethodDeclaration(v) ? { kind: 'fn' as const, id: ctx.fnId(v) } : ctx.refOf(v);
          if (ref) out.push({ key, node: v, ref });
        }
      }
      return out;
    }

    /** `{ as: 'scoped' | 'global' }`: the hook also applies to the instance that uses this one. */
    function sharesScope(options: ts.ObjectLiteralExpression | undefined): boolean {
      const as = options && literalPath(property(options, 'as'));
      return as === 'scoped' || as === 'global';
    }

    /** What `use(x)` mounts: an instance or plugin function by name, a factory's result, `import('./plugin')`. */
    function pluginRef(arg: ts.Expression): CallRef | undefined {
      const e = unwrap(arg);
      if (isCallExpression(e) && e.expression.kind === ts.SyntaxKind.ImportKeyword) {
        const spec = e.arguments[0];
        return spec && (isStringLiteral(spec) || isNoSubstitutionTemplateLiteral(spec)) ? { kind: 'binding', ref: { kind: 'import', specifier: spec.text, name: 'default' } } : undefined;
      }
      if (isCallExpression(e) && ctx.kindOf(e) === APP) {
        // An inline instance (`use(new Elysia().get(…))`), keyed like its scope.
        const s = scopeOf(e);
        return s ? { kind: 'binding', ref: { kind: 'local', name: s.key } } : undefined;
      }
      if (isNewExpression(e)) {
        const s = scopeOf(e);
        return s ? { kind: 'binding', ref: { kind: 'local', name: s.key } } : undefined;
      }
      // `use(usersModule(deps))`: the instance the factory returns is keyed by the factory.
      if (isCallExpression(e)) return ctx.refOf(e.expression);
      return ctx.refOf(e);
    }

    /**
     * The instance an expression denotes, through chains: a variable of this file holding one, a parameter
     * (a group / guard callback's instance, or a plugin function's, keyed by the function), or a fresh
     * `new Elysia()` keyed by the variable, default export or function that holds or returns it.
     */
    function scopeOf(expr: ts.Expression): Scope | undefined {
      let e = unwrap(expr);
      while (isCallExpression(e) && isPropertyAccessExpression(e.expression) && ctx.kindOf(e.expression.expression) === APP) e = unwrap(e.expression.expression);
      if (isNewExpression(e)) return newScope(e);
      if (!isIdentifier(e)) return undefined;
      const v = vars.get(e.text);
      if (v) return v;
      for (let n: ts.Node | undefined = e.parent; n && !ts.isSourceFile(n); n = n.parent) {
        if ((isFunctionDeclaration(n) || isFunctionExpression(n) || isArrowFunction(n) || isMethodDeclaration(n)) && n.parameters.some((p) => isIdentifier(p.name) && p.name.text === e.text)) {
          return functionScope(n);
        }
      }
      let s = named.get(e.text);
      if (!s) named.set(e.text, (s = { id: nextId++, key: e.text, prefix: '', guardHooks: [] }));
      return s;
    }

    function newScope(e: ts.NewExpression): Scope {
      let s = scopes.get(e);
      if (s) return s;
      const opts = e.arguments?.[0];
      const prefix = opts && isObjectLiteralExpression(opts) ? literalPath(property(opts, 'prefix')) : undefined;
      s = { id: nextId++, key: ownerKey(e), prefix: prefix ? joinRoutePath(prefix, '') : '', guardHooks: [] };
      scopes.set(e, s);
      return s;
    }

    function functionScope(fn: ts.SignatureDeclaration): Scope {
      let s = scopes.get(fn);
      if (s) return s;
      const call = fn.parent;
      const callee = call && isCallExpression(call) ? call.expression : undefined;
      if (call && isCallExpression(call) && callee && isPropertyAccessExpression(callee) && ['group', 'guard'].includes(callee.name.text) && ctx.kindOf(callee.expression) === APP) {
        const parent = scopeOf(callee.expression);
        const isGroup = callee.name.text === 'group';
        const own = isGroup ? literalPath(call.arguments[0]) : '';
        const hookArg = call.arguments.find((a, i) => isObjectLiteralExpression(a) && (!isGroup || i > 0)) as ts.ObjectLiteralExpression | undefined;
        const guardHooks = hookArg ? hookObject(hookArg).map((h) => ({ via: 'middleware', ref: h.ref, text: `${callee.name.text}({ ${h.key}: ${snippet(ctx.text(h.node), 50)} })`, line: ctx.span(h.node).line })) : [];
        const base = parent ?? { id: nextId++, key: ctx.fnId(fn), prefix: '', guardHooks: [] };
        s = {
          id: nextId++,
          key: base.key,
          prefix: joinRoutePath(base.prefix, own === undefined ? '<dynamic>' : own),
          parent: { scope: base, pos: callee.name.getStart(ctx.sourceFile) },
          guardHooks,
        };
      } else {
        s = { id: nextId++, key: ctx.fnId(fn), prefix: '', guardHooks: [], functional: true };
      }
      scopes.set(fn, s);
      return s;
    }

    /** `const users = new Elysia()…` → `users`; `export default new Elysia()…` → `default`; returned by a function → the function's id. */
    function ownerKey(e: ts.Node): string {
      let n: ts.Node = e;
      while (n.parent && (isCallExpression(n.parent) || isPropertyAccessExpression(n.parent) || isParenthesizedExpression(n.parent) || isAsExpression(n.parent))) {
        // Stop at an argument: `use(new Elysia()…)` is not the instance `use` is called on.
        if (isCallExpression(n.parent) && n.parent.expression !== n) break;
        n = n.parent;
      }
      const p = n.parent;
      if (p && isVariableDeclaration(p) && isIdentifier(p.name)) return p.name.text;
      if (p && isExportAssignment(p)) return 'default';
      const fn = p && isReturnStatement(p) ? ts.findAncestor(p, (x) => isArrowFunction(x) || isFunctionExpression(x) || isFunctionDeclaration(x) || isMethodDeclaration(x)) : p && isArrowFunction(p) && p.body === n ? p : undefined;
      if (fn) return ctx.fnId(fn);
      return `elysia@${ctx.fnId(e)}`;
    }

    /** A value served as it is: text, JSON, a number, `file('…')` / `Bun.file('…')`. */
    function isStaticResponse(e: ts.Node): boolean {
      if (isStringLiteral(e) || isNoSubstitutionTemplateLiteral(e) || e.kind === ts.SyntaxKind.NumericLiteral || e.kind === ts.SyntaxKind.TemplateExpression) return true;
      if (isObjectLiteralExpression(e) || isArrayLiteralExpression(e)) return true;
      if (e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword || e.kind === ts.SyntaxKind.NullKeyword) return true;
      if (isCallExpression(e)) {
        const c = e.expression;
        if (ctx.kindOf(c) === 'elysia.file') return true;
        if (isPropertyAccessExpression(c) && isIdentifier(c.expression) && c.expression.text === 'Bun' && c.name.text === 'file') return true;
      }
      return false;
    }
  },
});

function unwrap(e: ts.Expression): ts.Expression {
  return skipOuterExpressions(e, OUTER_CASTS);
}

function property(obj: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of obj.properties) {
    if (isPropertyAssignment(p) && (isIdentifier(p.name) || isStringLiteral(p.name)) && p.name.text === name) return p.initializer;
    if (isShorthandPropertyAssignment(p) && p.name.text === name) return p.name;
  }
  return undefined;
}

/** Source text for evidence: whitespace runs collapsed, cut to `max` characters. */
function snippet(text: string, max: number): string {
  return text.replace(/\s+/g, ' ').slice(0, max);
}
