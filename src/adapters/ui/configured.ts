// Page-level components named by config (`ui.components` path globs): the default export of each matching
// file and its exported PascalCase function components. A file a framework adapter already claimed (a
// Next.js page, a route module) keeps that framework's target.
import { ts } from '#ts';
import type { ResolvedConfig } from '../../config/types.js';
import { globMatcher, matchesSelfOrParent } from '../../analysis/patterns.js';
import { defineAdapter } from '../types.js';
import { isReactRouterModule, moduleExports, nextPageUrl } from '../file-routes.js';

const compiled = new WeakMap<ResolvedConfig, (rel: string) => boolean>();
/** Whether a file is named by `ui.components`, with the same glob semantics as `include` / `exclude`. */
function isConfiguredComponent(config: ResolvedConfig, file: string): boolean {
  let match = compiled.get(config);
  if (!match) compiled.set(config, (match = globMatcher(config.ui.components)));
  return config.ui.components.length > 0 && matchesSelfOrParent(match, file);
}

const PASCAL = /^[A-Z][A-Za-z0-9]*$/;

export default defineAdapter({
  name: 'configured',
  targetKind: 'ui-component',
  packages: [],
  enabled: (config) => config.ui.components.length > 0,
  // Which files match depends on config, which only `create` sees.
  appliesToPath: () => true,
  create(ctx) {
    if (!isConfiguredComponent(ctx.config, ctx.file)) return {};
    return {
      end() {
        if (nextPageUrl(ctx.file) !== undefined || isReactRouterModule(ctx)) return;
        const seen = new Set<string>();
        for (const e of moduleExports(ctx)) {
          if (!e.callable || !e.refs.length) continue;
          const named = e.name !== 'default';
          const isFunction = !!e.declaration && !ts.isClassLike(e.declaration);
          if (named && !(PASCAL.test(e.name) && isFunction)) continue;
          const key = JSON.stringify(e.refs);
          if (seen.has(key)) continue;
          seen.add(key);
          const name = e.localName ?? (named ? e.name : ctx.file.replace(/^.*\//, '').replace(/\.[^.]+$/, ''));
          ctx.addTarget({ kind: 'ui-component', framework: 'configured', name, symbol: name, span: e.span, handlers: e.refs });
        }
      },
    };
  },
});
