// Fastify: instances from `fastify()` / `Fastify()`, and plugins — functions whose first parameter is a
// `FastifyInstance`, consts typed `FastifyPluginAsync` / `FastifyPluginCallback`, `fastify-plugin`
// wrappers, inline `register(async (child) => …)`. Targets: `app.METHOD(path, [opts], handler)` and
// `app.route({ method, url, handler })`; route-level hooks in the options run with the handler.
//
// Coverage follows Fastify's semantics: request hooks (`addHook('onRequest', …)`) apply to every route
// of their instance, whatever the order, because a route's hooks are collected when the app is ready; a
// plugin `register`ed on an instance inherits the hooks the instance has when the plugin loads, which is
// after the registering function returns (so hooks added later in the same function count) unless the
// `register` call is awaited. A plugin wrapped in `fastify-plugin` shares its parent's scope: its hooks
// cover the parent's routes. A plugin instance that is a parameter is keyed by its function's id.
import { ts } from '#ts';
import type { CallRef, CoverageRef } from '../../types.js';
import { defineAdapter } from '../types.js';
import { literalPath } from '../util.js';
import { OUTER_CASTS, Outer, skipOuterExpressions } from '../../analysis/semantic.js';

const APP = 'fastify.app';
const METHODS = ['get', 'head', 'post', 'put', 'delete', 'options', 'patch', 'all'];
const REQUEST_HOOKS = new Set(['onRequest', 'preParsing', 'preValidation', 'preHandler', 'preSerialization', 'onSend', 'onResponse', 'onError', 'onTimeout', 'onRequestAbort']);
const chain = Object.fromEntries([...METHODS, 'route', 'register', 'addHook', 'after', 'withTypeProvider'].map((m) => [`${m}()`, APP]));
const PLUGIN_TYPES = { FastifyPluginAsync: 'fastify.pluginType', FastifyPluginCallback: 'fastify.pluginType', FastifyInstance: APP };

interface Hook {
  key: string;
  ref: CallRef;
  text: string;
  line: number;
  pos: number;
}
interface Mount extends Hook {
  awaited: boolean;
  path?: string;
}

export default defineAdapter({
  name: 'fastify',
  targetKind: 'http-handler',
  packages: ['fastify', 'fastify-plugin', '@fastify/type-provider-typebox', 'fastify-type-provider-zod'],
  model: {
    imports: {
      fastify: { default: 'fastify.factory', fastify: 'fastify.factory', '*': 'fastify.module', ...PLUGIN_TYPES },
      'fastify-plugin': { default: 'fastify.pluginWrapper', fastifyPlugin: 'fastify.pluginWrapper' },
      '@fastify/type-provider-typebox': { FastifyPluginAsyncTypebox: 'fastify.pluginType', FastifyPluginCallbackTypebox: 'fastify.pluginType' },
      'fastify-type-provider-zod': { FastifyPluginAsyncZod: 'fastify.pluginType', FastifyPluginCallbackZod: 'fastify.pluginType' },
    },
    members: {
      'fastify.module': { '()': APP, 'default()': APP, 'fastify()': APP, ...PLUGIN_TYPES },
      'fastify.factory': { '()': APP },
      [APP]: chain,
    },
    callbackParams: {
      'fastify.pluginType': { ':': APP },
      'fastify.pluginWrapper': { '()': APP },
      [APP]: { 'register()': APP },
    },
  },
  create(ctx) {
    const routes: { key: string; name: string; path: string; handlers: CallRef[]; node: ts.Node }[] = [];
    const hooks: Hook[] = [];
    const mounts: Mount[] = [];
    /** Ids of plugin functions wrapped in `fastify-plugin`: their hooks apply to the instance that registers them. */
    const sharedScope = new Set<string>();

    return {
      CallExpression(node: ts.CallExpression) {
        const callee = node.expression;
        if (ctx.kindOf(callee) === 'fastify.pluginWrapper') {
          const arg = node.arguments[0];
          const ref = arg && ctx.refOf(arg);
          if (ref?.kind === 'fn') sharedScope.add(ref.id);
          return;
        }
        if (!ts.isPropertyAccessExpression(callee) || ctx.kindOf(callee.expression) !== APP) return;
        const key = receiverKey(callee.expression);
        if (!key) return;
        const method = callee.name.text;
        const args = node.arguments;
        if (METHODS.includes(method) && args.length >= 2) {
          addRoute(key, [method], literalPath(args[0]), args.slice(1));
        } else if (method === 'route' && args[0] && ts.isObjectLiteralExpression(args[0])) {
          const opts = args[0];
          const methods = stringsOf(prop(opts, 'method')).map((m) => m.toLowerCase());
          addRoute(key, methods.length ? methods : ['<method>'], literalPath(prop(opts, 'url') ?? prop(opts, 'path')), [opts]);
        } else if (method === 'addHook' && args.length >= 2 && REQUEST_HOOKS.has(stringsOf(args[0])[0] ?? '')) {
          const ref = ctx.refOf(args[1]);
          if (ref) hooks.push({ key, ref, text: `addHook(${ctx.text(args[0])}, ${ctx.text(args[1]).slice(0, 60)})`, line: ctx.span(args[1]).line, pos: node.pos });
        } else if (method === 'register' && args[0]) {
          const ref = ctx.refOf(args[0]);
          const opts = args[1] && ts.isObjectLiteralExpression(args[1]) ? args[1] : undefined;
          const awaited = ts.isAwaitExpression(node.parent);
          if (ref) mounts.push({ key, ref, text: ctx.text(args[0]).slice(0, 80), line: ctx.span(args[0]).line, pos: node.pos, awaited, path: literalPath(opts && prop(opts, 'prefix')) });
        }
      },
      end() {
        // Hooks first, then the mounts they reach: a plugin loads after its registering function returns.
        const events = [
          ...hooks.map((h) => ({ at: h.pos, reg: () => ctx.addRegistration({ receiver: h.key, type: 'middleware', ref: h.ref, text: h.text, line: h.line, appliesToParent: sharedScope.has(h.key) || undefined }) })),
          ...mounts.map((m) => ({ at: m.awaited ? m.pos : Infinity, reg: () => ctx.addRegistration({ receiver: m.key, type: 'mount', ref: m.ref, text: m.text, line: m.line, path: m.path }) })),
        ].sort((a, b) => (a.at === b.at ? 0 : a.at < b.at ? -1 : 1));
        for (const e of events) e.reg();
        for (const r of routes) {
          const coveredBy: CoverageRef[] = hooks.filter((h) => h.key === r.key).map((h) => ({ via: 'middleware', ref: h.ref, text: h.text, line: h.line }));
          ctx.addTarget({ kind: 'http-handler', framework: 'fastify', name: r.name, symbol: r.name, span: ctx.span(r.node), handlers: r.handlers, coveredBy, meta: { receiver: r.key, path: r.path } });
        }
      },
    };

    /** `get(path, handler)`, `get(path, opts, handler)`, `get(path, { handler, preHandler })`, `route({ … })`. */
    function addRoute(key: string, methods: string[], path: string | undefined, args: readonly ts.Expression[]) {
      const handlers: CallRef[] = [];
      let main: ts.Node | undefined;
      for (const a of args) {
        if (ts.isObjectLiteralExpression(a)) {
          for (const p of a.properties) {
            const name = p.name && ts.isIdentifier(p.name) ? p.name.text : undefined;
            if (name !== 'handler' && !REQUEST_HOOKS.has(name ?? '')) continue;
            const values = ts.isMethodDeclaration(p) ? [p] : ts.isPropertyAssignment(p) ? elements(p.initializer) : ts.isShorthandPropertyAssignment(p) ? [p.name] : [];
            for (const v of values) {
              const ref = ts.isMethodDeclaration(v) ? { kind: 'fn' as const, id: ctx.fnId(v) } : ctx.refOf(v);
              if (ref) handlers.push(ref);
              if (name === 'handler') main = v;
            }
          }
        } else {
          const ref = ctx.refOf(a);
          if (ref) handlers.push(ref);
          main = a;
        }
      }
      if (!main) return;
      routes.push({ key, name: `${methods.map((m) => m.toUpperCase()).join(',')} ${path ?? '<dynamic path>'}`, path: path ?? '<dynamic path>', handlers, node: main });
    }

    /**
     * The instance a call is made on: a variable's name, or — for an instance received as a parameter (a
     * plugin) — the id of that function, which is how a `register` of it is found across files.
     */
    function receiverKey(expr: ts.Expression): string | undefined {
      let e = unwrap(expr);
      while (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && ctx.kindOf(e.expression.expression) === APP) e = unwrap(e.expression.expression);
      if (!ts.isIdentifier(e)) return undefined;
      for (let n: ts.Node | undefined = e.parent; n && !ts.isSourceFile(n); n = n.parent) {
        if ((ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n)) && n.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === e.text)) {
          return ctx.fnId(n);
        }
      }
      return e.text;
    }
  },
});

function unwrap(e: ts.Expression): ts.Expression {
  return skipOuterExpressions(e, OUTER_CASTS | Outer.Await);
}

function prop(obj: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of obj.properties) if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === name) return p.initializer;
  return undefined;
}

function elements(e: ts.Expression): ts.Expression[] {
  return ts.isArrayLiteralExpression(e) ? e.elements.filter((x) => !ts.isSpreadElement(x)) : [e];
}

/** `'GET'`, `['GET', 'POST']` → the strings. */
function stringsOf(e: ts.Expression | undefined): string[] {
  if (!e) return [];
  return elements(e).flatMap((x) => (ts.isStringLiteral(x) || ts.isNoSubstitutionTemplateLiteral(x) ? [x.text] : []));
}
