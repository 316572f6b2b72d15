// Page-level components named by config (`ui.components` path globs): the default export of each matching
// file and its exported PascalCase function components. A file a framework adapter already claimed (a
// Next.js page, a route module) keeps that framework's target.
import { ts } from '#ts';
import type { ResolvedConfig } from '../../config/types.js';
import { pathGlobToRegExp } from '../../analysis/patterns.js';
import { defineAdapter } from '../types.js';
import { isReactRouterModule, moduleExports, nextPageUrl } from '../file-routes.js';

const compiled = new WeakMap<ResolvedConfig, RegExp[]>();
function componentGlobs(config: ResolvedConfig): RegExp[] {
  let globs = compiled.get(config);
  if (!globs) compiled.set(config, (globs = config.ui.components.map((g) => pathGlobToRegExp(g.replace(/^\.\//, '')))));
  return globs;
}

const PASCAL = /^[A-Z][A-Za-z0-9]*$/;

export default defineAdapter({
  name: 'configured',
  targetKind: 'ui-component',
  packages: [],
  // Which files match depends on config, which only `create` sees.
  appliesToPath: () => true,
  create(ctx) {
    if (!componentGlobs(ctx.config).some((g) => g.test(ctx.file))) return {};
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
