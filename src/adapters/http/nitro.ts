// Nitro (and Nuxt, whose server is Nitro), by file path: the default export of each file under
// `server/api/` and `server/routes/` is a route handler (`server/api/orders/[id].get.ts` → `GET
// /api/orders/:id`; no method suffix: every method, `ALL`). A standalone Nitro project keeps the same
// folders at its top (`routes/`, `api/`); there, names that common are trusted only when the default
// export is built by an h3 / Nitro handler definer (`defineEventHandler`, `eventHandler`,
// `defineCachedEventHandler`, `defineHandler`, …, auto-imported or imported), or is a plain function of
// the event in a file that imports h3 or Nitro. Handlers given in object form
// (`defineEventHandler({ onRequest, handler })`) run their `onRequest` / `onBeforeResponse` hooks with
// them. `server/middleware/**` handlers run before every route of the server, and plugins
// (`defineNitroPlugin` / `definePlugin`) that hook `request` / `beforeResponse` / `afterResponse` /
// `response` on `nitroApp.hooks` or `useNitroHooks()` run around every request: both are
// registration-level coverage for the app's routes (project-wide registrations limited to the app's
// folder: the files never import each other).
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { moduleExports, nitroFile } from '../file-routes.js';
import { definerName, eventHandler, importsH3, isEventHandlerFunction } from '../h3-common.js';
import type { ScanContext } from '../../analysis/plugin.js';

// Hoisted: `ts.X` on the bundled compiler is a getter on a dictionary-mode object (about 10 ns a use).
const { isArrowFunction, isCallExpression, isFunctionExpression, isIdentifier, isPropertyAccessExpression, isStringLiteral } = ts;

const PLUGIN_DEFINERS = new Set(['defineNitroPlugin', 'nitroPlugin', 'definePlugin']);
/** Runtime hooks Nitro calls for every request (`response` is Nitro v3's name for `beforeResponse`). */
const REQUEST_HOOKS = new Set(['request', 'beforeResponse', 'afterResponse', 'response']);

export default defineAdapter({
  name: 'nitro',
  targetKind: 'http-handler',
  packages: [],
  appliesToPath: (p) => nitroFile(p) !== undefined,
  create(ctx) {
    const file = nitroFile(ctx.file)!;
    if (file.kind === 'plugins') {
      return {
        CallExpression(node: ts.CallExpression) {
          const hook = requestHook(ctx, node);
          if (!hook) return;
          const ref = ctx.refOf(node.arguments[1]);
          if (ref) ctx.addRegistration({ receiver: 'nitro', type: 'global', ref, text: `nitroApp.hooks.hook('${hook}') (${ctx.file.replace(/^.*\//, '')})`, line: ctx.span(node).line, within: file.appRoot });
        },
      };
    }
    return {
      end() {
        const def = moduleExports(ctx).find((e) => e.name === 'default');
        const fn = def?.declaration ?? def?.value;
        if (!def || !fn) return;
        // A plain function is a handler in a `server/` folder; in a top-level `api/` or `routes/` folder (a
        // frontend's API client module, a Vercel function) only when the file imports h3 or Nitro.
        const plain = isEventHandlerFunction(fn) && (file.server || importsH3(ctx));
        const handler = plain ? { handlers: def.refs, hooks: [], at: fn } : def.value && eventHandler(ctx, def.value, file.server);
        if (!handler) return;
        if (file.kind === 'middleware') {
          for (const ref of [...handler.handlers, ...handler.hooks.map((h) => h.ref)]) {
            ctx.addRegistration({ receiver: 'nitro', type: 'global', ref, text: `middleware ${ctx.file.replace(/^.*\/middleware\//, '')}`, line: def.span.line, within: file.appRoot });
          }
          return;
        }
        const name = `${file.method ?? 'ALL'} ${file.path}`;
        ctx.addTarget({
          kind: 'http-handler',
          framework: 'nitro',
          name,
          symbol: name,
          span: handler.at ? ctx.span(handler.at) : def.span,
          handlers: handler.handlers,
          ...(handler.hooks.length ? { coveredBy: handler.hooks } : {}),
        });
      },
    };
  },
});

/**
 * `nitroApp.hooks.hook('request', fn)` inside a plugin (`defineNitroPlugin((nitroApp) => …)`), where
 * `nitroApp` is the plugin function's parameter: the hook's name, or undefined.
 */
function requestHook(ctx: ScanContext, node: ts.CallExpression): string | undefined {
  const callee = node.expression;
  if (!isPropertyAccessExpression(callee) || callee.name.text !== 'hook') return undefined;
  const first = node.arguments[0];
  if (!first || !isStringLiteral(first) || !REQUEST_HOOKS.has(first.text) || !node.arguments[1]) return undefined;
  const hooks = callee.expression;
  // `nitroApp.hooks.hook(…)` on the plugin's parameter, or on `useNitroHooks()` (Nitro v3), directly or through a local.
  const app = isPropertyAccessExpression(hooks) && hooks.name.text === 'hooks' && isIdentifier(hooks.expression) ? hooks.expression.text : undefined;
  const viaUse = isNitroHooks(ctx, hooks);
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (!isArrowFunction(n) && !isFunctionExpression(n)) continue;
    const call = n.parent;
    const name = call && isCallExpression(call) ? definerName(ctx, call.expression) : undefined;
    if (!name || !PLUGIN_DEFINERS.has(name)) continue;
    const param = n.parameters[0];
    const onParam = app !== undefined && param !== undefined && isIdentifier(param.name) && param.name.text === app;
    return onParam || viaUse ? first.text : undefined;
  }
  return undefined;
}

/** `useNitroHooks()`, or a local initialised with it (`const hooks = useNitroHooks()`). */
function isNitroHooks(ctx: ScanContext, e: ts.Expression): boolean {
  const isUse = (x: ts.Expression | undefined) => !!x && isCallExpression(x) && definerName(ctx, x.expression) === 'useNitroHooks';
  if (isUse(e)) return true;
  if (!isIdentifier(e)) return false;
  for (let n: ts.Node | undefined = e.parent; n; n = n.parent) {
    if (!isArrowFunction(n) && !isFunctionExpression(n)) continue;
    const body = n.body;
    if (!ts.isBlock(body)) return false;
    return body.statements.some((st) => ts.isVariableStatement(st) && st.declarationList.declarations.some((d) => isIdentifier(d.name) && d.name.text === e.text && isUse(d.initializer)));
  }
  return false;
}
