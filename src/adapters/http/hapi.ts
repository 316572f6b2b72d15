// hapi (`@hapi/hapi`, and the old `hapi` package): servers from `Hapi.server()` / `new Hapi.Server()` (also
// `server` / `Server` imported by name, parameters typed `Server`), and the server a plugin's `register(server)`
// receives (`{ name, register(server) { … } }`, `{ plugin: { name, register } }`, `exports.plugin = …`).
// Targets: the route objects of `server.route(route | routes)` — `{ method, path, handler }`, the handler
// also under `options` / `config`, the route given inline, as a local constant, spread from local arrays,
// or imported (the route table's own file then names it: see below) — and route tables in files that import
// hapi: arrays or objects typed `ServerRoute`, or shaped like a route (`method` an HTTP method, `path` a
// literal starting with `/`, a handler). A handler object (`{ directory }`, `{ file }`, `{ proxy }`) serves
// without project code and is no target. The route's `pre` methods and `options.ext` hooks run with it.
//
// Coverage: request extension points (`server.ext('onRequest' | 'onPreAuth' | 'onCredentials' | 'onPostAuth'
// | 'onPreHandler' | 'onPostHandler' | 'onPreResponse' | 'onPostResponse', fn)`, the object and array forms)
// and `server.events.on('response', fn)` apply to every route of the server, before or after them and in
// plugins too (hapi rebuilds its routes' lifecycles when an extension is added): they cover every hapi
// route of the project. An extension with `{ sandbox: 'plugin' }` covers its plugin's routes only.
// Names carry the `routes: { prefix }` of the `server.register` calls that lead to the plugin, across files.
// Found through imports: a file that imports none of hapi's packages (a plain-JS route table, a plugin
// module with only a JSDoc import) is not analysed for hapi.
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { literalPath } from '../util.js';
import type { CallRef, CoverageRef } from '../../types.js';
import { OUTER_TYPES, skipOuterExpressions } from '../../analysis/semantic.js';

const {
  isArrayLiteralExpression,
  isArrowFunction,
  isAsExpression,
  isBinaryExpression,
  isCallExpression,
  isExportAssignment,
  isFunctionDeclaration,
  isFunctionExpression,
  isIdentifier,
  isMethodDeclaration,
  isNoSubstitutionTemplateLiteral,
  isObjectLiteralExpression,
  isParenthesizedExpression,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isSatisfiesExpression,
  isShorthandPropertyAssignment,
  isSpreadAssignment,
  isSpreadElement,
  isStringLiteral,
  isVariableDeclaration,
} = ts;

const SERVER = 'hapi.server';
const ROUTE_TYPE = 'hapi.routeType';
const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', '*']);
const REQUEST_EXTENSIONS = new Set(['onRequest', 'onPreAuth', 'onCredentials', 'onPostAuth', 'onPreHandler', 'onPostHandler', 'onPreResponse', 'onPostResponse']);
const hapiExports = { '*': 'hapi.module', default: 'hapi.module', server: 'hapi.serverFactory', Server: 'hapi.serverClass', ServerRoute: ROUTE_TYPE };

type FunctionNode = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

export default defineAdapter({
  name: 'hapi',
  targetKind: 'http-handler',
  packages: ['@hapi/hapi', 'hapi', '@hapi/boom', 'boom'],
  model: {
    imports: { '@hapi/hapi': hapiExports, hapi: hapiExports },
    members: {
      'hapi.module': { 'server()': SERVER, server: 'hapi.serverFactory', Server: 'hapi.serverClass', ServerRoute: ROUTE_TYPE },
      'hapi.serverFactory': { '()': SERVER },
      'hapi.serverClass': { new: SERVER, ':': SERVER },
      [SERVER]: { events: 'hapi.serverEvents' },
    },
  },
  create(ctx) {
    const calls: { method: 'route' | 'ext' | 'register' | 'events'; key: string; node: ts.CallExpression }[] = [];
    const objects: ts.ObjectLiteralExpression[] = [];
    /** Objects listing a `register` function declared apart (`{ name, register }`). */
    const listings: ts.ObjectLiteralExpression[] = [];
    /** Local constants by name (route tables, plugin objects), for `server.route(routes)` written before them. */
    const locals = new Map<string, ts.Expression>();
    /** Route objects already turned into targets. */
    const done = new Set<ts.ObjectLiteralExpression>();
    /** Plugin key → coverage of its `{ sandbox: 'plugin' }` extensions. */
    const sandboxed = new Map<string, CoverageRef[]>();

    return {
      VariableDeclaration(node: ts.VariableDeclaration) {
        if (isIdentifier(node.name) && node.initializer && !locals.has(node.name.text)) locals.set(node.name.text, node.initializer);
      },
      ObjectLiteralExpression(node: ts.ObjectLiteralExpression) {
        if (property(node, 'method') && property(node, 'path')) objects.push(node);
        const reg = property(node, 'register');
        if (reg && isIdentifier(reg) && reg.text === 'register') listings.push(node);
      },
      CallExpression(node: ts.CallExpression) {
        const callee = node.expression;
        if (!isPropertyAccessExpression(callee)) return;
        const method = callee.name.text;
        if (method === 'on' && isPropertyAccessExpression(callee.expression) && callee.expression.name.text === 'events') {
          const key = serverKey(callee.expression.expression);
          if (key) calls.push({ method: 'events', key, node });
          return;
        }
        if (method !== 'route' && method !== 'ext' && method !== 'register') return;
        const key = serverKey(callee.expression);
        if (key) calls.push({ method, key, node });
      },
      end() {
        for (const c of calls) if (c.method === 'ext') addExtensions(c.key, c.node);
        for (const c of calls) if (c.method === 'events') addResponseListener(c.node);
        for (const c of calls) if (c.method === 'register') addPlugins(c.key, c.node);
        for (const c of calls) if (c.method === 'route' && c.node.arguments[0]) addRoutes(c.key, c.node.arguments[0], 0);
        // Route tables: typed `ServerRoute`, or shaped like routes, outside any `server.route` call here.
        for (const o of objects) {
          if (done.has(o) || !isRouteTable(o)) continue;
          const key = tableKey(o);
          if (key) addRoute(key, o);
        }
      },
    };

    /** `server.route(x)`: route objects inline or through local names; an imported table is mounted instead. */
    function addRoutes(key: string, arg: ts.Expression, depth: number): void {
      if (depth > 5) return;
      const e = unwrap(arg);
      if (isObjectLiteralExpression(e)) addRoute(key, e);
      else if (isArrayLiteralExpression(e)) {
        for (const el of e.elements) addRoutes(key, isSpreadElement(el) ? el.expression : el, depth + 1);
      } else if (isCallExpression(e) && isPropertyAccessExpression(e.expression) && e.expression.name.text === 'concat') {
        addRoutes(key, e.expression.expression, depth + 1);
        for (const a of e.arguments) addRoutes(key, a, depth + 1);
      } else if (isIdentifier(e) && locals.has(e.text) && !ctx.summary.imports[e.text]) {
        addRoutes(key, locals.get(e.text)!, depth + 1);
      } else if (isIdentifier(e) || isPropertyAccessExpression(e)) {
        // Routes declared in another module: that file names them (a route table); this mount gives them
        // the prefix this server or plugin is registered under.
        const ref = ctx.refOf(e);
        if (ref && ref.kind !== 'fn') ctx.addRegistration({ receiver: key, type: 'mount', ref, text: `route(${snippet(ctx.text(e), 70)})`, line: ctx.span(e).line });
      }
    }

    function addRoute(key: string, route: ts.ObjectLiteralExpression): void {
      done.add(route);
      const methods = methodsOf(property(route, 'method'));
      if (!methods) return;
      const path = literalPath(property(route, 'path')) ?? '<dynamic path>';
      const options = objectValue(property(route, 'options')) ?? objectValue(property(route, 'config'));
      const handler = member(route, 'handler') ?? (options && member(options, 'handler'));
      const handlers: CallRef[] = [];
      let main: ts.Node = route;
      if (handler) {
        const value = isMethodDeclaration(handler) ? handler : unwrap(handler as ts.Expression);
        // `handler: { directory: … }`: served by a plugin (inert, h2o2), no project code runs.
        if (isObjectLiteralExpression(value)) return;
        const ref = isMethodDeclaration(value) ? { kind: 'fn' as const, id: ctx.fnId(value) } : ctx.refOf(value);
        if (ref) handlers.push(ref);
        main = value;
      } else {
        // `{ method, path, ...controller }`: the handler comes with the spread object.
        for (const p of route.properties) {
          if (!isSpreadAssignment(p)) continue;
          const ref = ctx.refOf(p.expression);
          if (ref?.kind === 'binding') handlers.push({ kind: 'member', of: ref.ref, member: 'handler' });
        }
        if (!handlers.length) return;
      }
      if (options) handlers.push(...preMethods(options));
      const name = `${methods} ${path}`;
      ctx.addTarget({
        kind: 'http-handler',
        framework: 'hapi',
        name,
        symbol: name,
        span: ctx.span(main),
        handlers,
        ...(sandboxed.get(key)?.length ? { coveredBy: sandboxed.get(key) } : {}),
        meta: { receiver: key, path },
      });
    }

    /** `pre: [fn, { method: fn }, [parallel…]]` and `ext: { onPreHandler: { method } }` of the route's options. */
    function preMethods(options: ts.ObjectLiteralExpression): CallRef[] {
      const out: CallRef[] = [];
      const collect = (e: ts.Expression | ts.MethodDeclaration | undefined, depth: number): void => {
        if (!e || depth > 4) return;
        if (isMethodDeclaration(e)) {
          out.push({ kind: 'fn', id: ctx.fnId(e) });
          return;
        }
        const u = unwrap(e);
        if (isArrayLiteralExpression(u)) for (const x of u.elements) collect(x, depth + 1);
        else if (isObjectLiteralExpression(u)) collect(member(u, 'method'), depth + 1);
        else {
          const ref = ctx.refOf(u);
          if (ref) out.push(ref);
        }
      };
      collect(property(options, 'pre'), 0);
      const ext = objectValue(property(options, 'ext'));
      for (const p of ext?.properties ?? []) if (isPropertyAssignment(p)) collect(p.initializer, 0);
      return out;
    }

    /** `server.ext(event, fn, options?)`, `server.ext({ type, method, options })`, `server.ext([…])`. */
    function addExtensions(key: string, call: ts.CallExpression): void {
      const [first, second, third] = call.arguments;
      if (!first) return;
      const u = unwrap(first);
      if (isStringLiteral(u) || isNoSubstitutionTemplateLiteral(u)) {
        addExtension(key, u.text, second, third);
        return;
      }
      for (const o of isArrayLiteralExpression(u) ? u.elements : [u]) {
        const obj = objectValue(o);
        if (obj) addExtension(key, literalPath(property(obj, 'type')), property(obj, 'method'), property(obj, 'options'));
      }
    }

    function addExtension(key: string, event: string | undefined, method: ts.Expression | undefined, options: ts.Expression | undefined): void {
      if (!event || !REQUEST_EXTENSIONS.has(event) || !method) return;
      const opts = objectValue(options);
      const sandbox = opts && literalPath(property(opts, 'sandbox')) === 'plugin';
      const m = unwrap(method);
      for (const fn of isArrayLiteralExpression(m) ? m.elements : [m]) {
        const ref = ctx.refOf(fn);
        if (!ref) continue;
        const text = `server.ext('${event}', ${snippet(ctx.text(fn), 60)})`;
        const line = ctx.span(fn).line;
        if (sandbox) {
          const list = sandboxed.get(key) ?? [];
          list.push({ via: 'middleware', ref, text, line });
          sandboxed.set(key, list);
          ctx.addRegistration({ receiver: key, type: 'middleware', ref, text, line });
        } else ctx.addRegistration({ receiver: 'hapi', type: 'global', ref, text, line });
      }
    }

    /** `server.events.on('response', fn)` (or `{ name: 'response' }`): runs after every request. */
    function addResponseListener(call: ts.CallExpression): void {
      const [event, fn] = call.arguments;
      const o = event && objectValue(event);
      const name = literalPath(o ? property(o, 'name') : event);
      const ref = name === 'response' && fn ? ctx.refOf(fn) : undefined;
      if (ref) ctx.addRegistration({ receiver: 'hapi', type: 'global', ref, text: `server.events.on('response', ${snippet(ctx.text(fn), 60)})`, line: ctx.span(fn).line });
    }

    /** `server.register(plugin | { plugin, routes: { prefix } } | […], { routes: { prefix } })`: mounts with their prefix. */
    function addPlugins(key: string, call: ts.CallExpression): void {
      const [plugins, options] = call.arguments;
      if (!plugins) return;
      const shared = prefixOf(options);
      const p = unwrap(plugins);
      for (const item of isArrayLiteralExpression(p) ? p.elements : [p]) {
        let plugin: ts.Expression | undefined = unwrap(item as ts.Expression);
        let prefix = shared;
        if (isObjectLiteralExpression(plugin) && property(plugin, 'plugin')) {
          prefix = prefixOf(plugin) ?? shared;
          plugin = property(plugin, 'plugin');
        }
        const ref = plugin && pluginRef(unwrap(plugin));
        if (ref) ctx.addRegistration({ receiver: key, type: 'mount', ref, text: `register(${snippet(ctx.text(plugin!), 70)})`, line: ctx.span(plugin!).line, path: prefix });
      }
    }

    function pluginRef(e: ts.Expression): CallRef | undefined {
      // `require('./plugins/users')`: the module's default export.
      if (isCallExpression(e) && isIdentifier(e.expression) && e.expression.text === 'require') {
        const spec = e.arguments[0];
        return spec && isStringLiteral(spec) ? { kind: 'binding', ref: { kind: 'import', specifier: spec.text, name: 'default' } } : undefined;
      }
      if (isObjectLiteralExpression(e)) {
        // An inline plugin: its `register` function is the key of its server.
        const reg = member(e, 'register');
        if (reg && (isMethodDeclaration(reg) || isArrowFunction(reg) || isFunctionExpression(reg))) return { kind: 'fn', id: ctx.fnId(reg) };
        return undefined;
      }
      return ctx.refOf(e);
    }

    /** `{ routes: { prefix: '/api' } }` → `/api`. */
    function prefixOf(options: ts.Expression | undefined): string | undefined {
      const o = options && objectValue(options);
      const routes = o && objectValue(property(o, 'routes'));
      return routes && literalPath(property(routes, 'prefix'));
    }

    /**
     * The server a call is made on, as a key: a server value (`Hapi.server()`, a parameter typed `Server`),
     * or the server a plugin's `register` receives, keyed by what other files mount (the plugin object's
     * variable, `default`, or the function's id). Undefined for anything else.
     */
    function serverKey(expr: ts.Expression): string | undefined {
      const e = unwrap(expr);
      const isParam = (fn: ts.Node) => (isFunctionDeclaration(fn) || isFunctionExpression(fn) || isArrowFunction(fn) || isMethodDeclaration(fn)) && fn.parameters.length > 0;
      if (ctx.kindOf(e) === SERVER) {
        if (!isIdentifier(e)) return ctx.text(e);
        for (let n: ts.Node | undefined = e.parent; n && !ts.isSourceFile(n); n = n.parent) {
          if (isParam(n) && (n as FunctionNode).parameters.some((p) => isIdentifier(p.name) && p.name.text === e.text)) return pluginKey(n as FunctionNode) ?? ctx.fnId(n);
        }
        return e.text;
      }
      if (!isIdentifier(e)) return undefined;
      for (let n: ts.Node | undefined = e.parent; n && !ts.isSourceFile(n); n = n.parent) {
        if (!isParam(n)) continue;
        const first = (n as FunctionNode).parameters[0].name;
        if (isIdentifier(first) && first.text === e.text) return pluginKey(n as FunctionNode);
        if ((n as FunctionNode).parameters.some((p) => isIdentifier(p.name) && p.name.text === e.text)) return undefined;
      }
      return undefined;
    }

    /** A plugin's `register` function: the key of its plugin object, or its own id; undefined if it is none. */
    function pluginKey(fn: FunctionNode): string | undefined {
      const holder = isMethodDeclaration(fn) ? fn : fn.parent && isPropertyAssignment(fn.parent) && fn.parent.initializer === fn ? fn.parent : undefined;
      if (holder && holder.name && isIdentifier(holder.name) && holder.name.text === 'register' && isObjectLiteralExpression(holder.parent) && isPluginObject(holder.parent)) {
        return ownerKey(holder.parent) ?? ctx.fnId(fn);
      }
      // `async function register(server) {…}` / `const register = …`, listed as `{ name, register }`.
      const name = isFunctionDeclaration(fn) ? fn.name?.text : fn.parent && isVariableDeclaration(fn.parent) && isIdentifier(fn.parent.name) ? fn.parent.name.text : undefined;
      if (name !== 'register') return undefined;
      const listing = listings.find(isPluginObject);
      return (listing && ownerKey(listing)) ?? ctx.fnId(fn);
    }

    /** `{ name, register }`, `{ pkg, register }`, or the object under `plugin:`. */
    function isPluginObject(o: ts.ObjectLiteralExpression): boolean {
      if (property(o, 'name') || property(o, 'pkg')) return true;
      const p = o.parent;
      return !!p && isPropertyAssignment(p) && isIdentifier(p.name) && p.name.text === 'plugin';
    }

    /** The top-level name other modules import an object by: its variable (through enclosing objects), `default`. */
    function ownerKey(o: ts.Node): string | undefined {
      let n: ts.Node = o;
      while (n.parent && (isPropertyAssignment(n.parent) || isObjectLiteralExpression(n.parent) || isArrayLiteralExpression(n.parent) || isParenthesizedExpression(n.parent) || isAsExpression(n.parent) || isSatisfiesExpression(n.parent))) n = n.parent;
      const p = n.parent;
      if (p && isVariableDeclaration(p) && isIdentifier(p.name)) return p.name.text;
      if (p && isExportAssignment(p)) return 'default';
      if (p && isBinaryExpression(p) && p.right === n) return ctx.text(p.left);
      return undefined;
    }

    function tableKey(o: ts.ObjectLiteralExpression): string | undefined {
      return ownerKey(o) ?? `routes@${ctx.fnId(o)}`;
    }

    /**
     * A route object of a table: in a constant, export or array typed `ServerRoute`; or, untyped, shaped like
     * a route (an HTTP method, a literal path starting with `/`, a handler) and held by a constant, an
     * export, a `module.exports` assignment, a returned value or an array of those.
     */
    function isRouteTable(o: ts.ObjectLiteralExpression): boolean {
      if (!methodsOf(property(o, 'method'))) return false;
      const options = objectValue(property(o, 'options')) ?? objectValue(property(o, 'config'));
      if (!member(o, 'handler') && !(options && member(options, 'handler')) && !o.properties.some(isSpreadAssignment)) return false;
      let n: ts.Node = o;
      while (n.parent && (isArrayLiteralExpression(n.parent) || isParenthesizedExpression(n.parent) || isAsExpression(n.parent) || isSatisfiesExpression(n.parent))) {
        if ((isAsExpression(n.parent) || isSatisfiesExpression(n.parent)) && ctx.kindOfType(elementType(n.parent.type)) === ROUTE_TYPE) return true;
        n = n.parent;
      }
      const p = n.parent;
      if (p && isVariableDeclaration(p) && p.type) return ctx.kindOfType(elementType(p.type)) === ROUTE_TYPE;
      const path = literalPath(property(o, 'path'));
      if (path === undefined || !path.startsWith('/')) return false;
      if (p && isVariableDeclaration(p)) return true;
      return !!p && (isExportAssignment(p) || isBinaryExpression(p) || p.kind === ts.SyntaxKind.ReturnStatement || isArrowFunction(p));
    }
  },
});

/** `ServerRoute[]` / `Array<ServerRoute>` → `ServerRoute`. */
function elementType(t: ts.TypeNode | undefined): ts.TypeNode | undefined {
  if (t && ts.isArrayTypeNode(t)) return t.elementType;
  if (t && ts.isTypeReferenceNode(t) && isIdentifier(t.typeName) && t.typeName.text === 'Array') return t.typeArguments?.[0];
  return t;
}

/** `'GET'`, `['GET', 'POST']`, `'*'` → `GET`, `GET,POST`, `*`; undefined when not HTTP methods. */
function methodsOf(e: ts.Expression | undefined): string | undefined {
  if (!e) return undefined;
  const u = unwrap(e);
  const items = isArrayLiteralExpression(u) ? [...u.elements] : [u];
  const out: string[] = [];
  for (const x of items) {
    const m = isStringLiteral(x) || isNoSubstitutionTemplateLiteral(x) ? x.text.toUpperCase() : undefined;
    if (!m || !HTTP_METHODS.has(m)) return undefined;
    out.push(m);
  }
  return out.length ? out.join(',') : undefined;
}

function unwrap(e: ts.Expression): ts.Expression {
  return skipOuterExpressions(e, OUTER_TYPES);
}

function objectValue(e: ts.Node | undefined): ts.ObjectLiteralExpression | undefined {
  if (!e) return undefined;
  const u = unwrap(e as ts.Expression);
  return isObjectLiteralExpression(u) ? u : undefined;
}

function property(obj: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of obj.properties) {
    if (isPropertyAssignment(p) && (isIdentifier(p.name) || isStringLiteral(p.name)) && p.name.text === name) return p.initializer;
    if (isShorthandPropertyAssignment(p) && p.name.text === name) return p.name;
  }
  return undefined;
}

/** A property's value, or the method itself (`handler(request, h) { … }`). */
function member(obj: ts.ObjectLiteralExpression, name: string): ts.Expression | ts.MethodDeclaration | undefined {
  for (const p of obj.properties) if (isMethodDeclaration(p) && p.name && isIdentifier(p.name) && p.name.text === name) return p;
  return property(obj, name);
}

/** Source text for evidence: whitespace runs collapsed, cut to `max` characters. */
function snippet(text: string, max: number): string {
  return text.replace(/\s+/g, ' ').slice(0, max);
}
