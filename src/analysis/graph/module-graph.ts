// The module graph: what an auto-instrumentation registration runs with (auto-instrumentation.ts), and
// each file's module signature, for changed-files runs.
import { crc32 } from 'node:zlib';
import type { FileSummary } from '../../types.js';
import type { GraphInternals } from './types.js';

/** The project files a file imports, re-exports from or loads (resolved; packages outside the tree left out). */
export function importsOf(graph: GraphInternals, file: string): string[] {
  const known = graph.importsMemo.get(file);
  if (known) return known;
  const s = graph.summaries.get(file);
  const out = new Set<string>();
  for (const spec of s ? moduleSpecifiers(s) : []) {
    const t = graph.resolver.resolve(file, spec);
    if (t && t !== file && graph.summaries.has(t)) out.add(t);
  }
  const list = [...out];
  graph.importsMemo.set(file, list);
  return list;
}

/** Every module reachable from these, them included. */
export function forward(graph: GraphInternals, roots: string[]): Set<string> {
  const seen = new Set(roots);
  const queue = [...roots];
  while (queue.length) {
    for (const n of importsOf(graph, queue.pop()!)) {
      if (!seen.has(n)) {
        seen.add(n);
        queue.push(n);
      }
    }
  }
  return seen;
}

/** Module → the modules that import it. Built once, over every file. */
export function importersIndex(graph: GraphInternals): Map<string, string[]> {
  if (graph.importers) return graph.importers;
  const index = new Map<string, string[]>();
  for (const f of graph.summaries.keys()) {
    for (const t of importsOf(graph, f)) {
      const list = index.get(t);
      if (list) list.push(f);
      else index.set(t, [f]);
    }
  }
  graph.importers = index;
  return index;
}

/**
 * What of a file the module graph is made of (its imports, re-exports, loads and runtime), as a number: when
 * a changed file's signature is what it was, no registration's reach changed.
 */
export function moduleSignature(s: FileSummary): number {
  return crc32(JSON.stringify([[...moduleSpecifiers(s)].sort(), s.runtime ?? '']));
}

/** The modules a file names: what it imports, re-exports from and loads (FileSummary.loads). */
function moduleSpecifiers(s: FileSummary): Set<string> {
  const specs = new Set<string>(s.loads);
  for (const imp of Object.values(s.imports)) specs.add(imp.specifier);
  for (const e of Object.values(s.exports)) if (e.kind !== 'local') specs.add(e.specifier);
  return specs;
}
