// In-house file routers named in config (`http.fileRoutes: [{ files, exports, framework }]`): in every file
// matching `files`, each export listed in `exports` (default: the default export) that is a function, a
// class or a call (`wrapper(handler)`) is a request handler of `framework`, named `<export> <file>`
// (`GET src/handlers/orders.ts`). An export a framework adapter already made a target keeps that target.
import type { ResolvedConfig } from '../../config/types.js';
import { globMatcher, matchesSelfOrParent } from '../../analysis/patterns.js';
import { defineAdapter } from '../types.js';
import { moduleExports } from '../file-routes.js';

type Router = { match: (rel: string) => boolean; exports: Set<string>; framework: string };

const compiled = new WeakMap<ResolvedConfig, Router[]>();
/** The configured file routers, their globs compiled once per config (same glob semantics as `include` / `exclude`). */
function routers(config: ResolvedConfig): Router[] {
  let list = compiled.get(config);
  if (!list) {
    list = config.http.fileRoutes.map((r) => ({ match: globMatcher(r.files), exports: new Set(r.exports), framework: r.framework }));
    compiled.set(config, list);
  }
  return list;
}

export default defineAdapter({
  name: 'configured',
  targetKind: 'http-handler',
  packages: [],
  fallback: true,
  enabled: (config) => config.http.fileRoutes.length > 0,
  // Which files match depends on config, which only `create` sees.
  appliesToPath: () => true,
  create(ctx) {
    const matching = routers(ctx.config).filter((r) => matchesSelfOrParent(r.match, ctx.file));
    if (!matching.length) return {};
    return {
      end() {
        const claimed = new Set(ctx.summary.targets.filter((t) => t.kind === 'http-handler').map((t) => JSON.stringify(t.handlers)));
        const seen = new Set<string>();
        for (const r of matching) {
          for (const e of moduleExports(ctx)) {
            if (!r.exports.has(e.name) || !e.callable || !e.refs.length) continue;
            const key = JSON.stringify(e.refs);
            if (claimed.has(key) || seen.has(`${e.name}\0${key}`)) continue;
            seen.add(`${e.name}\0${key}`);
            const name = `${e.name} ${ctx.file}`;
            ctx.addTarget({ kind: 'http-handler', framework: r.framework, name, symbol: e.name, span: e.span, handlers: e.refs });
          }
        }
      },
    };
  },
});
