// Coverage that reaches a target from elsewhere: `global` registrations of its framework, middleware given
// to the object it is registered on, and middleware of the units its router is mounted under.
import path from 'node:path';
import type { CoverageRef, TargetSummary } from '../../types.js';
import { nameGlobToRegExp } from '../patterns.js';
import { HAS_REGISTRATIONS } from '../summary-set.js';
import { buildMountIndex } from './mounts.js';
import { pathCovers } from './routes.js';
import type { GlobalCoverage, GraphInternals } from './types.js';

/**
 * Does a `global` registration apply to a target: the target's file is under its folder (one app's hooks
 * do not cover another app of the same monorepo), and its target pattern matches the target's name.
 */
export function globalApplies(g: GlobalCoverage, file: string, target: TargetSummary): boolean {
  if (g.within !== undefined && !file.startsWith(g.within.endsWith(path.sep) ? g.within : g.within + path.sep)) return false;
  return g.targets === undefined || g.targets.test(target.name);
}

/** `global` registrations by framework: coverage that applies to every target of that framework (within its folder and name pattern, when given). */
export function buildGlobalIndex(graph: GraphInternals): Map<string, GlobalCoverage[]> {
  if (graph.globalIndex) return graph.globalIndex;
  const index = new Map<string, GlobalCoverage[]>();
  for (const [file, s] of graph.indexed(HAS_REGISTRATIONS)) {
    for (const r of s.registrations) {
      if (r.type !== 'global') continue;
      let list = index.get(r.receiver);
      if (!list) index.set(r.receiver, (list = []));
      const within = r.within === undefined ? undefined : path.join(path.dirname(file), r.within);
      list.push({ file, c: { via: 'global', ref: r.ref, text: r.text, line: r.line }, within, targets: r.targets === undefined ? undefined : nameGlobToRegExp(r.targets) });
    }
  }
  graph.globalIndex = index;
  return index;
}

/**
 * Middleware given to the object the target is registered on, where that object is declared: an Inngest
 * client's `middleware` in `client.ts` covers `inngest.createFunction(…)` in every module importing it.
 */
export function receiverCoverage(graph: GraphInternals, file: string, target: TargetSummary): { file: string; c: CoverageRef }[] {
  if (!target.registeredOn) return [];
  const decl = graph.declarationOf(file, target.registeredOn);
  const s = decl && graph.summary(decl.file);
  if (!s) return [];
  const out: { file: string; c: CoverageRef }[] = [];
  for (const r of s.registrations) {
    if (r.type !== 'middleware' || r.receiver !== decl.name) continue;
    const via = r.platformTracing ? 'platform-tracing' : 'middleware';
    out.push({ file: decl.file, c: { via, ref: r.ref, text: r.text, line: r.line, ...(r.platformTracing ? { platformTracing: true as const } : {}) } });
  }
  return out;
}

/**
 * Registration-level coverage that reaches a target through mounts in other files: `app.use(mw)` then
 * `app.use('/api', ordersRouter)` covers the routes declared on `ordersRouter` in its own file. Units
 * mounted on a receiver that share its scope (`appliesToParent` middleware) cover it too: those mounted
 * anywhere on the target's own receiver, and those mounted before the mount that leads to it further up.
 */
export function mountedCoverage(graph: GraphInternals, file: string, target: TargetSummary): { file: string; c: CoverageRef }[] {
  const receiver = target.meta?.receiver;
  if (typeof receiver !== 'string') return [];
  // Units mounted on the target's own receiver share their scope with it whatever their order, unless the
  // adapter says where the route stands among its receiver's registrations (`meta.order`, Elysia).
  const order = target.meta?.order;
  const start = `${file}#${receiver}`;
  // The routes of one router share the answer (most targets of a file have the same receiver).
  if (typeof order !== 'number') {
    let memo = graph.mountedMemo.get(start);
    if (!memo) graph.mountedMemo.set(start, (memo = mountedCoverageFrom(graph, start, Infinity)));
    return memo;
  }
  return mountedCoverageFrom(graph, start, order);
}

function mountedCoverageFrom(graph: GraphInternals, start: string, startBefore: number): { file: string; c: CoverageRef }[] {
  const { byChild, byParent, shared } = buildMountIndex(graph);
  const out: { file: string; c: CoverageRef }[] = [];
  const seen = new Set<string>();
  const queue: { key: string; before: number }[] = [{ key: start, before: startBefore }];
  while (queue.length) {
    const { key, before } = queue.shift()!;
    if (seen.has(key)) continue;
    seen.add(key);
    // A receiver imported from another module is that module's unit, and the middleware the module
    // registers on it at top level has run before this module's body (a module's imports are evaluated
    // first): `export const publicProcedure = t.procedure.use(timing)`, then `publicProcedure.query(…)`.
    const decl = importedUnit(graph, key);
    if (decl) {
      for (const r of graph.summary(decl.file)?.registrations ?? []) {
        if (r.receiver === decl.name && r.type === 'middleware' && r.path === undefined) {
          out.push({ file: decl.file, c: { via: 'middleware', ref: r.ref, text: r.text, line: r.line } });
        }
      }
      queue.push({ key: `${decl.file}#${decl.name}`, before: Infinity });
    }
    for (const { reg, keys } of byParent.get(key) ?? []) {
      if (reg.order >= before) continue;
      for (const childKey of keys) {
        for (const { file: sf, reg: r } of shared.get(childKey) ?? []) {
          out.push({ file: sf, c: { via: 'middleware', ref: r.ref, text: r.text, line: r.line } });
        }
      }
    }
    for (const { file: mf, reg } of byChild.get(key) ?? []) {
      const s = graph.summary(mf)!;
      for (const r of s.registrations) {
        if (r.receiver === reg.receiver && r.type === 'middleware' && r.order < reg.order && pathCovers(r.path, reg.path)) {
          out.push({ file: mf, c: { via: r.via ?? 'middleware', ref: r.ref, text: r.text, line: r.line } });
        }
      }
      queue.push({ key: `${mf}#${reg.receiver}`, before: reg.order });
    }
  }
  return out;
}

/** For a unit key `file#name` whose name is an import there: where that import is declared. */
function importedUnit(graph: GraphInternals, key: string): { file: string; name: string } | undefined {
  const memo = graph.importedUnitMemo.get(key);
  if (memo !== undefined) return memo ?? undefined;
  const at = key.lastIndexOf('#');
  const file = key.slice(0, at);
  const name = key.slice(at + 1);
  const decl = graph.summary(file)?.imports[name] ? graph.declarationOf(file, { kind: 'local', name }) : undefined;
  const unit = decl && (decl.file !== file || decl.name !== name) ? decl : undefined;
  graph.importedUnitMemo.set(key, unit ?? null);
  return unit;
}
