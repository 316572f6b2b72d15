// Auto-instrumentation (FileSummary.autoInstrumentation): which registrations cover a call through a client
// library, by package and by what the registering process loads over the module graph.
import path from 'node:path';
import type { EvidenceStep, TargetSummary } from '../../types.js';
import type { PackageScope } from '../packages.js';
import { HAS_AUTO_INSTRUMENTATION } from '../summary-set.js';
import { forward, importersIndex, importsOf } from './module-graph.js';
import type { GraphInternals } from './types.js';

/**
 * Auto-instrumentation that covers the target (a call through a client library): registered in the
 * target's own package (nearest package.json), else in a package linked with it by dependencies (the app
 * that loads a library package, a telemetry package the app imports). Another app of a monorepo runs in
 * another process: its registration does not cover the call.
 */
export function autoInstrumentation(graph: GraphInternals, file: string, target: TargetSummary): EvidenceStep | undefined {
  if (!target.autoInstrumentedBy?.length) return undefined;
  if (!graph.autoIndex) {
    graph.autoIndex = new Map();
    // Every file's package first, so links through packages of the tree are known before any is asked.
    for (const f of graph.summaries.keys()) graph.packages.of(f);
    for (const [f, s] of graph.indexed(HAS_AUTO_INSTRUMENTATION)) {
      for (const reg of s.autoInstrumentation ?? []) {
        const step: EvidenceStep = { kind: 'coverage', via: 'auto-instrumentation', name: '', file: graph.opts.display(f), line: reg.line };
        for (const pkg of reg.packages) {
          const list = graph.autoIndex.get(pkg) ?? [];
          list.push({ step: { ...step, name: `${reg.api} (${reg.agent ?? pkg})` }, scope: graph.packages.of(f), file: f, runtime: reg.runtime });
          graph.autoIndex.set(pkg, list);
        }
      }
    }
  }
  const scope = graph.packages.of(file);
  const runtime = graph.summary(file)?.runtime;
  let linked: EvidenceStep | undefined;
  for (const pkg of target.autoInstrumentedBy) {
    for (const r of graph.autoIndex.get(pkg) ?? []) {
      // An SDK covers code of its own runtime: a browser SDK the modules its entries load (a module is not
      // known to be server code), an edge config edge code, a Node SDK the rest but `'use client'` modules
      // (`@vercel/otel` sets up both Node and edge).
      if (r.runtime !== 'browser' && (runtime === 'client' || (r.runtime === 'edge') !== (runtime === 'edge' && r.runtime !== 'any'))) continue;
      if (r.scope?.dir === scope?.dir) {
        if (reaches(graph, r.file, file)) return r.step;
      } else if (!linked && graph.packages.linked(scope, r.scope) && reachesLinked(graph, r.file, file, scope)) linked = r.step;
    }
  }
  return linked;
}

/**
 * Whether code of `file` runs in a process that performs the registration in `regFile` (same package): the
 * modules reachable from the entry modules that load `regFile` (those that import it, directly or through
 * other modules, and that nothing imports). The whole package when the registration is loaded by other
 * means: a framework loads it (Next's `instrumentation.ts`, a Sentry config, SvelteKit or Remix server
 * hooks), a script preloads it (`node -r ./tracing.js`), or it is a setup module that imports no other
 * module of the project and that no module imports (preloaded by a Dockerfile or `NODE_OPTIONS`).
 */
function reaches(graph: GraphInternals, regFile: string, file: string): boolean {
  if (regFile === file) return true;
  const files = reach(graph, regFile);
  return files === null || files.has(file);
}

/**
 * `reachOf`, memoised, and not recorded as dependencies (every file would be one): a changed-files run
 * compares the changed files' module signatures instead, and judges everything again when one changed
 * (moduleSignature). Null: the registration covers its whole package.
 */
function reach(graph: GraphInternals, regFile: string): Set<string> | null {
  const known = graph.reachMemo.get(regFile);
  if (known !== undefined) return known;
  const files = graph.outsideDependencies(() => reachOf(graph, regFile) ?? null);
  graph.reachMemo.set(regFile, files);
  return files;
}

/**
 * For a module of another package linked with the registration's (a library the app depends on): whether
 * the registering process loads it, i.e. it is reachable from the registration's entries (or from any
 * module of the registering package, when the registration covers its package). A package the import
 * graph never enters (its imports did not resolve) keeps the package link as the answer; a module of it
 * that nothing loads (`packages/db/scripts/backfill.ts`) is not covered.
 */
function reachesLinked(graph: GraphInternals, regFile: string, file: string, scope: PackageScope | undefined): boolean {
  let memo = graph.linkedReachMemo.get(regFile);
  if (!memo) {
    const own = graph.packages.of(regFile)?.dir;
    const files = reach(graph, regFile) ?? graph.outsideDependencies(() => forward(graph, [...graph.summaries.keys()].filter((f) => graph.packages.of(f)?.dir === own)));
    const dirs = new Set<string>();
    for (const f of files) {
      const d = graph.packages.of(f)?.dir;
      if (d !== undefined) dirs.add(d);
    }
    memo = { files, dirs };
    graph.linkedReachMemo.set(regFile, memo);
  }
  return memo.files.has(file) || scope === undefined || !memo.dirs.has(scope.dir);
}

function reachOf(graph: GraphInternals, regFile: string): Set<string> | undefined {
  const scope = graph.packages.of(regFile);
  if (FRAMEWORK_LOADED.test(regFile) || preloaded(regFile, scope)) return undefined;
  const importers = importersIndex(graph);
  // Up to the entries: the modules that load the registration, through any chain, that nothing imports.
  const roots: string[] = [];
  const up = new Set([regFile]);
  const queue = [regFile];
  while (queue.length) {
    const f = queue.pop()!;
    const by = importers.get(f);
    if (!by?.length) roots.push(f);
    for (const i of by ?? []) {
      if (up.has(i)) continue;
      if (FRAMEWORK_LOADED.test(i)) return undefined;
      up.add(i);
      queue.push(i);
    }
  }
  const standalone = roots.length === 1 && roots[0] === regFile && importsOf(graph, regFile).length === 0;
  if (standalone) return graph.summaries.get(regFile)?.runtime === 'client' ? clientModules(graph, scope) : undefined;
  return forward(graph, roots);
}

/** The client modules of a package (`'use client'`, client entries) and what they import: what a framework's browser SDK entry covers. */
function clientModules(graph: GraphInternals, scope: PackageScope | undefined): Set<string> {
  const roots: string[] = [];
  for (const [f, s] of graph.summaries) if (s.runtime === 'client' && graph.packages.of(f)?.dir === scope?.dir) roots.push(f);
  return forward(graph, roots);
}

/** Whether a script of the package preloads this module (`node -r ./dist/tracing.js`): matched on the module's name. */
function preloaded(file: string, scope: PackageScope | undefined): boolean {
  const stem = path.basename(file).replace(/\.[cm]?[jt]sx?$/, '');
  return !!scope?.preloads.some((p) => path.basename(p).replace(/\.[cm]?[jt]sx?$/, '') === stem && (p.startsWith('.') || p.includes('/')));
}

/**
 * Modules a framework loads by itself, with the server or edge runtime of the app they sit in: Next's
 * `instrumentation.ts`, Sentry's `sentry.server.config` / `sentry.edge.config`, SvelteKit's `hooks.server`,
 * Remix's `entry.server`, Nuxt and Nitro server plugins. What they register covers their whole package.
 */
const FRAMEWORK_LOADED = /(^|[\\/])(instrumentation(\.node)?|sentry\.(server|edge)\.config|hooks\.server|entry\.server)\.[cm]?[jt]sx?$|[\\/]server[\\/]plugins[\\/][^\\/]+\.[cm]?[jt]s$/;
