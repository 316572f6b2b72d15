// SvelteKit, by file path under `src/routes/`: `+server.{ts,js}` endpoints (`GET`, `POST`, …, `fallback`),
// and the server `load` and form `actions` of `+page.server.{ts,js}` / `+layout.server.{ts,js}`. The
// `handle` hook of the app's `src/hooks.server.{ts,js}` runs around every request of the app, so it is
// registration-level coverage for every SvelteKit target under that `src/` (including `sequence(a, b)`
// from `@sveltejs/kit/hooks`): a project-wide registration limited to the app's folder, since the hooks
// file never imports the routes it covers.
import { ts } from '#ts';
import { defineAdapter } from '../types.js';
import { isSvelteKitServerHooks, moduleExports, svelteKitRoute, type ModuleExport } from '../file-routes.js';
import type { CallRef } from '../../types.js';
import type { ScanContext } from '../../analysis/plugin.js';

// Hoisted: `ts.X` on the bundled compiler is a getter on a dictionary-mode object (about 10 ns a use).
const { isArrowFunction, isFunctionExpression, isIdentifier, isMethodDeclaration, isObjectLiteralExpression, isPropertyAssignment, isShorthandPropertyAssignment, isStringLiteral } = ts;

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'fallback'];

export default defineAdapter({
  name: 'sveltekit',
  targetKind: 'http-handler',
  packages: [],
  appliesToPath: (p) => svelteKitRoute(p) !== undefined || isSvelteKitServerHooks(p),
  create(ctx) {
    return {
      end() {
        const route = svelteKitRoute(ctx.file);
        const exports = moduleExports(ctx);
        if (!route) {
          const handle = exports.find((e) => e.name === 'handle' && e.callable);
          for (const ref of handle?.refs ?? []) {
            ctx.addRegistration({ receiver: 'sveltekit', type: 'global', ref, text: `handle (${ctx.file.replace(/^.*\//, '')})`, line: handle!.span.line, within: '.' });
          }
          return;
        }
        for (const e of exports) {
          if (route.file === 'server' && METHODS.includes(e.name)) add(ctx, e, `${e.name} ${route.path}`);
          else if (route.file !== 'server' && e.name === 'load') add(ctx, e, `load ${route.path}${route.file === 'layout' ? ' (layout)' : ''}`);
          else if (route.file === 'page' && e.name === 'actions' && e.value && isObjectLiteralExpression(e.value)) addActions(ctx, e.value, route.path);
        }
      },
    };
  },
});

function add(ctx: ScanContext, e: ModuleExport, name: string): void {
  if (!e.callable || !e.refs.length) return;
  ctx.addTarget({ kind: 'http-handler', framework: 'sveltekit', name, symbol: name, span: e.span, handlers: e.refs });
}

/** `export const actions = { default: …, create: … }`: each action answers a form POST (`?/create`; `default` the page URL itself). */
function addActions(ctx: ScanContext, actions: ts.ObjectLiteralExpression, path: string): void {
  for (const p of actions.properties) {
    let key: string | undefined;
    let ref: CallRef | undefined;
    let at: ts.Node = p;
    if (isPropertyAssignment(p) && (isIdentifier(p.name) || isStringLiteral(p.name))) {
      key = p.name.text;
      ref = ctx.refOf(p.initializer);
      if (isArrowFunction(p.initializer) || isFunctionExpression(p.initializer)) at = p.initializer;
    } else if (isMethodDeclaration(p) && (isIdentifier(p.name) || isStringLiteral(p.name))) {
      key = p.name.text;
      ref = { kind: 'fn', id: ctx.fnId(p) };
    } else if (isShorthandPropertyAssignment(p)) {
      key = p.name.text;
      ref = ctx.refOf(p.name);
    }
    if (key === undefined || !ref) continue;
    const name = key === 'default' ? `action ${path}` : `action ${path}?/${key}`;
    ctx.addTarget({ kind: 'http-handler', framework: 'sveltekit', name, symbol: name, span: ctx.span(at), handlers: [ref] });
  }
}
