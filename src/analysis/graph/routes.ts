// Route names: a route's path behind the prefixes of the mounts that lead to it and its framework's global
// prefix, and the path helpers adapters use.
import type { TargetSummary } from '../../types.js';
import { HAS_REGISTRATIONS } from '../summary-set.js';
import { buildMountIndex } from './mounts.js';
import type { GraphInternals } from './types.js';

// ------------------------------------------------------------------------------------------
// Route names

/**
 * The name a route target is shown under: its path as its own file declares it (`meta.path`, the end of
 * its name) behind the prefixes of the mounts that lead to its router, app or plugin (`meta.receiver`),
 * followed across files, and a framework-wide prefix its package sets (`prefix` registrations: NestJS
 * `app.setGlobalPrefix('api')`). A unit mounted at several places is shown at each full path, joined
 * with ` | ` (at most three, then `(+n more)`). Only the name changes: the symbol (the fingerprint) stays.
 */
export function routeName(graph: GraphInternals, file: string, target: TargetSummary): string {
  const path = target.meta?.path;
  if (typeof path !== 'string' || !target.name.endsWith(path)) return target.name;
  const receiver = target.meta?.receiver;
  const mounts = typeof receiver === 'string' ? mountPrefixes(graph, `${file}#${receiver}`, new Set()) : [''];
  const global = frameworkPrefix(graph, file, target.framework);
  // Mounted nowhere, under no framework prefix: the name as declared (most routes).
  if (!global && mounts.length === 1 && mounts[0] === '') return target.name;
  const full = new Set<string>();
  for (const p of path.split(' | ')) {
    for (const m of mounts) {
      const own = joinRoutePath(m, p);
      full.add(global && !global.exclude.some((x) => excludes(x, own)) ? joinRoutePath(global.path, own) : own);
    }
  }
  const list = [...full];
  const shown = list.length > 3 ? `${list.slice(0, 3).join(' | ')} (+${list.length - 3} more)` : list.join(' | ');
  return shown === path ? target.name : target.name.slice(0, target.name.length - path.length) + shown;
}

/**
 * The prefixes a unit is reached under: for each mount of it (`app.use('/api', router)` in any file), the
 * parent's own prefixes joined with the mount's path; `['']` for a unit mounted nowhere. A mount that
 * closes a cycle leads nowhere (no prefix comes from it).
 */
function mountPrefixes(graph: GraphInternals, key: string, visiting: Set<string>): string[] {
  const memo = graph.prefixMemo.get(key);
  if (memo) return memo;
  if (visiting.has(key)) return [];
  const mounts = buildMountIndex(graph).byChild.get(key);
  if (!mounts?.length) return [''];
  visiting.add(key);
  const out = new Set<string>();
  for (const { file, reg } of mounts) {
    for (const parent of mountPrefixes(graph, `${file}#${reg.receiver}`, visiting)) {
      if (out.size < 16) out.add(joinRoutePath(parent, reg.path ?? ''));
    }
  }
  visiting.delete(key);
  const list = out.size ? [...out] : [''];
  // Memoised only for the walk's starting unit: inside a cycle, the answer depends on where the walk entered it.
  if (visiting.size === 0) graph.prefixMemo.set(key, list);
  return list;
}

/**
 * The framework-wide prefix that applies to a file's routes: the `prefix` registrations of its framework
 * in the same package (nearest package.json). Two different prefixes in one package (several apps
 * sharing a package.json) apply none: which app serves the route is not known.
 */
function frameworkPrefix(graph: GraphInternals, file: string, framework: string): { path: string; exclude: string[] } | undefined {
  if (!graph.prefixIndex) {
    graph.prefixIndex = new Map();
    for (const [f, s] of graph.indexed(HAS_REGISTRATIONS)) {
      for (const reg of s.registrations) {
        if (reg.type !== 'prefix') continue;
        let list = graph.prefixIndex.get(reg.receiver);
        if (!list) graph.prefixIndex.set(reg.receiver, (list = []));
        list.push({ file: f, reg });
      }
    }
  }
  const regs = graph.prefixIndex.get(framework);
  if (!regs?.length) return undefined;
  const dir = graph.packages.of(file)?.dir;
  const mine = regs.filter((r) => graph.packages.of(r.file)?.dir === dir && r.reg.path !== undefined);
  const paths = new Set(mine.map((r) => r.reg.path));
  if (paths.size !== 1) return undefined;
  return { path: mine[0].reg.path!, exclude: mine.flatMap((r) => r.reg.exclude ?? []) };
}

/**
 * A route path behind a mount prefix: `joinRoutePath('/api', '/orders/:id')` → `/api/orders/:id`; `/` or
 * `''` under a prefix is the prefix itself; a prefix without a leading slash gets one (`'orders'` →
 * `/orders`), and so does a path under `/`; an empty prefix leaves the path as it is.
 */
export function joinRoutePath(prefix: string, path: string): string {
  if (prefix === '') return path;
  // Under `/`, a path written without its slash (`router.post('documents.list', …)` in koa-router) gets one.
  if (prefix === '/') return /^[/<*$]/.test(path) || path === '' ? path || '/' : `/${path}`;
  let base = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  if (!/^[/<$]/.test(base)) base = `/${base}`;
  if (path === '' || path === '/') return base;
  return path.startsWith('/') ? base + path : `${base}/${path}`;
}

/**
 * Every prefix joined with every path, as a route name shows them: `joinPathAlternatives(['orders'], [':id'])`
 * → `/orders/:id`; undefined stands for a computed part (`<dynamic>`); alternatives are joined by ` | `.
 */
export function joinPathAlternatives(prefixes: readonly string[] | undefined, paths: readonly string[] | undefined): string {
  const out: string[] = [];
  for (const pre of prefixes ?? ['<dynamic>']) {
    for (const p of paths ?? ['<dynamic>']) {
      const parts = [pre, p].map((x) => x.replace(/^\/+|\/+$/g, '')).filter((x) => x.length > 0);
      out.push(`/${parts.join('/')}`);
    }
  }
  return out.join(' | ');
}

/** Whether a global-prefix exclusion (`health`, `/health`, `docs/(.*)`, `docs/*`) names a route path. */
function excludes(pattern: string, path: string): boolean {
  const p = pattern.replace(/^\/+/, '');
  const r = path.replace(/^\/+/, '');
  const stem = p.replace(/\/?(\(\.\*\)|\*)$/, '');
  return r === p || (stem !== p && (r === stem || r.startsWith(`${stem}/`)));
}

/**
 * Does middleware registered for `pattern` (`/admin`, `/admin/*`, `*`; none: every path) run for a unit
 * mounted at `mount`? Only when the mount's path is under the pattern's prefix; an unknown mount path is
 * not assumed to be.
 */
export function pathCovers(pattern: string | undefined, mount: string | undefined): boolean {
  if (pattern === undefined) return true;
  const prefix = pattern.replace(/\/?\*$/, '').replace(/\/$/, '');
  if (prefix === '') return true;
  if (mount === undefined) return false;
  return mount === prefix || mount.startsWith(`${prefix}/`);
}
