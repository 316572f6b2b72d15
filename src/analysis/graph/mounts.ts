// Mounts: which unit (router, app, plugin, resolver map) is mounted on which, across files, and the
// questions answered from that index alone.
import type { BindingRef, CallRef, TargetSummary } from '../../types.js';
import { HAS_REGISTRATIONS } from '../summary-set.js';
import type { GraphInternals, MountIndex } from './types.js';

/**
 * Whether the unit a target is declared on (`meta.receiver`) is mounted, directly or through other mounts,
 * by a `root` mount (TargetSummary.mountedOnly): a resolver map that reaches a GraphQL schema or server.
 */
export function mountedUnderRoot(graph: GraphInternals, file: string, target: TargetSummary): boolean {
  const receiver = target.meta?.receiver;
  if (typeof receiver !== 'string') return false;
  const { byChild } = buildMountIndex(graph);
  const seen = new Set<string>();
  const queue = [`${file}#${receiver}`];
  while (queue.length) {
    const key = queue.shift()!;
    if (seen.has(key)) continue;
    seen.add(key);
    for (const { file: mf, reg } of byChild.get(key) ?? []) {
      if (reg.root) return true;
      queue.push(`${mf}#${reg.receiver}`);
    }
  }
  return false;
}

/**
 * The paths under which the unit `name` (a top-level binding of `file`) is mounted by name, outermost
 * first: a tRPC router mounted as `orders` in the app router gives `['orders']`. A unit mounted in
 * several places (the app router, and an OpenAPI or MCP router that re-exposes it) takes the chain whose
 * root mounts the most units — the application's main router — then the longest, then the first in file
 * order. Empty when the unit is mounted nowhere; mounts without a path add nothing.
 */
export function mountPath(graph: GraphInternals, file: string, name: string): string[] {
  const { byName, byParent } = buildMountIndex(graph);
  let best: { path: string[]; fanOut: number; depth: number } | undefined;
  let chains = 0;
  const walk = (key: string, path: string[], depth: number, seen: Set<string>) => {
    if (chains > 64) return;
    const mounts = byName.get(key);
    if (!mounts?.length || depth > 20) {
      chains++;
      const fanOut = byParent.get(key)?.length ?? 0;
      if (!best || fanOut > best.fanOut || (fanOut === best.fanOut && depth > best.depth)) best = { path, fanOut, depth };
      return;
    }
    for (const m of mounts) {
      const parent = `${m.file}#${m.reg.receiver}`;
      if (seen.has(parent)) continue;
      seen.add(parent);
      walk(parent, m.reg.path ? [m.reg.path, ...path] : path, depth + 1, seen);
      seen.delete(parent);
    }
  };
  walk(`${file}#${name}`, [], 0, new Set([`${file}#${name}`]));
  return best?.path ?? [];
}

export function buildMountIndex(graph: GraphInternals): MountIndex {
  if (graph.mountIndex) return graph.mountIndex;
  return graph.collect(graph.globalDeps, () => buildMountIndexNow(graph), false);
}

function buildMountIndexNow(graph: GraphInternals): MountIndex {
  const index: MountIndex = { byChild: new Map(), byName: new Map(), byParent: new Map(), shared: new Map() };
  const add = <T>(m: Map<string, T[]>, key: string, v: T) => {
    let list = m.get(key);
    if (!list) m.set(key, (list = []));
    list.push(v);
  };
  for (const [file, s] of graph.indexed(HAS_REGISTRATIONS)) {
    for (const reg of s.registrations) {
      if (reg.type === 'middleware' && reg.appliesToParent) add(index.shared, `${file}#${reg.receiver}`, { file, reg });
      if (reg.type !== 'mount') continue;
      if (reg.onlyIfKind && !reg.onlyIfKind.kinds.includes(graph.valueKind(file, reg.onlyIfKind.ref) ?? '')) continue;
      const keys = mountKeys(graph, file, reg.ref);
      add(index.byParent, `${file}#${reg.receiver}`, { file, reg, keys });
      for (const key of keys) add(index.byChild, key, { file, reg });
      const decl = reg.ref.kind === 'binding' ? graph.declarationOf(file, reg.ref.ref) : undefined;
      if (decl) add(index.byName, `${decl.file}#${decl.name}`, { file, reg });
    }
  }
  graph.mountIndex = index;
  return index;
}

/**
 * The keys a mounted unit is known by: `file#name` of a router's declaration, and `file#fnId` of a
 * function that receives the instance as its parameter (a plugin), also through a wrapper call
 * (`register(fp(plugin))`, `const plugin = fp(async (app) => …)`).
 */
function mountKeys(graph: GraphInternals, file: string, ref: CallRef, hops = 0): string[] {
  if (hops > 5) return [];
  if (ref.kind === 'fn') return [`${file}#${ref.id}`];
  if (ref.kind === 'call') return (ref.call.fnArgs ?? []).flatMap((a) => mountKeys(graph, file, a, hops + 1));
  if (ref.kind === 'member') return memberMountKeys(graph, file, ref.of, ref.member, hops);
  if (ref.kind !== 'binding') return [];
  const keys: string[] = [];
  const decl = graph.declarationOf(file, ref.ref);
  if (decl) keys.push(`${decl.file}#${decl.name}`);
  const r = graph.resolveBinding(file, ref.ref);
  if (r?.kind === 'function') keys.push(`${r.file}#${r.fn.id}`);
  if (r?.kind === 'value' && r.value.kind === 'call') {
    for (const a of r.value.call.fnArgs ?? []) keys.push(...mountKeys(graph, r.file, a, hops + 1));
  }
  return keys;
}

/**
 * `routers.orders` mounted: a member of an object literal (`export default { orders }` in an index
 * module) or of a namespace import (`import * as routers`), followed to the unit it names.
 */
function memberMountKeys(graph: GraphInternals, file: string, of: BindingRef, member: string, hops: number): string[] {
  const r = graph.resolveBinding(file, of);
  if (r?.kind === 'module') {
    const e = graph.summary(r.file)?.exports[member];
    if (e?.kind === 'local') return mountKeys(graph, r.file, { kind: 'binding', ref: { kind: 'local', name: e.name } }, hops + 1);
    if (e?.kind === 're-export') return mountKeys(graph, r.file, { kind: 'binding', ref: { kind: 'import', specifier: e.specifier, name: e.name } }, hops + 1);
    const star = graph.resolveExport(r.file, member);
    return star?.kind === 'value' || star?.kind === 'function' ? mountKeys(graph, star.file, { kind: 'binding', ref: { kind: 'local', name: star.kind === 'value' ? star.name : star.fn.name } }, hops + 1) : [];
  }
  if (r?.kind === 'value' && r.value.kind === 'object') {
    const m = r.value.members[member];
    return m ? mountKeys(graph, r.file, m, hops + 1) : [];
  }
  return [];
}
