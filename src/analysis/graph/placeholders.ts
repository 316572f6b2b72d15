// Targets that placeholders stand for: the functions of a module registered as a whole
// (TargetSummary.each) and the routes a derived class takes from its project base classes
// (TargetSummary.inherits), with the coverage bound where they are written.
import type { BindingRef, ClassSummary, CoverageRef, FunctionSummary, TargetSummary } from '../../types.js';
import { HAS_EACH_TARGETS } from '../summary-set.js';
import { joinPathAlternatives } from './routes.js';
import type { GraphInternals } from './types.js';

const NO_TARGETS: readonly TargetSummary[] = [];

/**
 * The targets that placeholders elsewhere (TargetSummary.each) stand for and whose functions `file`
 * declares: Temporal activities exported by `activities.ts` and registered by `Worker.create` in
 * `worker.ts` are judged, and reported, in `activities.ts`.
 */
export function eachTargets(graph: GraphInternals, file: string): readonly TargetSummary[] {
  const index = graph.eachIndex ?? graph.collect(graph.globalDeps, () => buildEachIndex(graph), false);
  return index.get(file) ?? NO_TARGETS;
}

function buildEachIndex(graph: GraphInternals): Map<string, TargetSummary[]> {
  const index = new Map<string, TargetSummary[]>();
  const byKey = new Map<string, TargetSummary>();
  for (const [file, s] of graph.indexed(HAS_EACH_TARGETS)) {
    for (const p of s.targets) {
      if (!p.each) continue;
      const coverage = (p.coveredBy ?? []).map((c) => ({ file, c }));
      for (const f of functionsOf(graph, file, p.each.ref)) {
        if (p.each.except?.includes(f.name)) continue;
        const name = `${p.name} ${f.name}`;
        const key = `${f.file}#${f.fn.id}#${name}`;
        const known = byKey.get(key);
        // The same module registered by several workers: one target, covered by what any of them applies.
        if (known) {
          graph.eachCoverage.get(known)!.push(...coverage);
          continue;
        }
        const [line, column] = f.fn.id.split(':').map(Number);
        const t: TargetSummary = {
          kind: p.kind,
          framework: p.framework,
          name,
          symbol: name,
          span: { line, column, endLine: line, endColumn: column },
          handlers: [{ kind: 'fn', id: f.fn.id }],
          ...(p.platformTracingOnly ? { platformTracingOnly: true as const } : {}),
          ...(p.meta ? { meta: p.meta } : {}),
        };
        byKey.set(key, t);
        graph.eachCoverage.set(t, coverage);
        let list = index.get(f.file);
        if (!list) index.set(f.file, (list = []));
        list.push(t);
      }
    }
  }
  graph.eachIndex = index;
  return index;
}

/** The project classes a binding names (or, with `call`, the class the function it names returns) and their project bases, nearest first (at most 10). */
function baseChain(graph: GraphInternals, file: string, base: { ref: BindingRef; call?: true }): { file: string; cls: ClassSummary }[] {
  const out: { file: string; cls: ClassSummary }[] = [];
  let r = graph.resolveBinding(file, base.ref);
  if (base.call) {
    const made = r?.kind === 'function' ? r.fn.returnsClass : undefined;
    const cls = made && r?.kind === 'function' ? graph.summary(r.file)?.classes[made] : undefined;
    r = cls && r?.kind === 'function' ? { kind: 'class', file: r.file, cls } : undefined;
  }
  while (r?.kind === 'class' && out.length < 10 && !out.some((x) => x.cls === (r as { cls: ClassSummary }).cls)) {
    out.push({ file: r.file, cls: r.cls });
    r = r.cls.extends ? graph.resolveBinding(r.file, r.cls.extends) : undefined;
  }
  return out;
}

/** Class-level coverage bound on the project classes a class derives from (Nest's `@UseInterceptors` on a base controller). */
export function inheritedCoverage(graph: GraphInternals, file: string, base: { ref: BindingRef; call?: true }): { file: string; c: CoverageRef }[] {
  return baseChain(graph, file, base).flatMap((b) => (b.cls.coverage ?? []).map((c) => ({ file: b.file, c })));
}

/**
 * The targets a derived class takes from its project base classes (TargetSummary.inherits): one per
 * inheritable target of the same kind and framework on a base, unless the derived class or a nearer base
 * declares a method of that name (Nest reads a route from the method the prototype chain finds; an
 * override without the decorator is no route), nor an inherited route whose name a nearer class already
 * serves. The handler is the base's method, judged in the base's file (handlerFile).
 */
export function inheritedTargets(graph: GraphInternals, file: string, placeholder: TargetSummary): TargetSummary[] {
  const inherits = placeholder.inherits;
  const base = placeholder.inheritsFrom;
  const own = inherits && graph.summary(file)?.classes[inherits.class];
  if (!inherits || !base || !own) return [];
  const overridden = new Set(Object.keys(own.methods));
  // Nest registers a class's own routes before those it inherits: an inherited route whose method and path
  // a nearer class already serves is never reached.
  const taken = new Set<string>();
  for (const t of graph.summary(file)?.targets ?? []) if (t.inheritable?.class === inherits.class && t.framework === placeholder.framework) taken.add(t.name);
  const out: TargetSummary[] = [];
  for (const b of baseChain(graph, file, base)) {
    for (const t of graph.summary(b.file)?.targets ?? []) {
      const tmpl = t.inheritable;
      if (!tmpl || tmpl.class !== b.cls.name || t.kind !== placeholder.kind || t.framework !== placeholder.framework || overridden.has(tmpl.method)) continue;
      const path = tmpl.paths || inherits.paths ? joinPathAlternatives(inherits.paths ?? [''], tmpl.paths ?? ['']) : undefined;
      const name = tmpl.name.replace(/\{(class|path|prefix)\}/g, (_, v: string) => (v === 'class' ? inherits.class : v === 'path' ? (path ?? '') : (inherits.prefix ?? '')));
      if (taken.has(name)) continue;
      taken.add(name);
      const symbol = `${inherits.class}.${tmpl.method}`;
      const copy: TargetSummary = {
        kind: t.kind,
        framework: t.framework,
        name,
        symbol,
        span: placeholder.span,
        // The base's method, judged in the base's file (TargetSummary.handlers are seen from the file they are in).
        handlers: t.handlers,
        inheritsFrom: base,
        meta: { ...t.meta, ...placeholder.meta, ...(path !== undefined && t.meta?.path !== undefined ? { path } : {}), inheritedFrom: `${b.cls.name}.${tmpl.method}` },
      };
      // Coverage as written where it is bound: on the derived class (this file), on the base method (the base's file).
      graph.handlerFile.set(copy, b.file);
      graph.eachCoverage.set(copy, [...(placeholder.coveredBy ?? []).map((c) => ({ file, c })), ...(t.coveredBy ?? []).filter((c) => !b.cls.coverage?.some((x) => x.line === c.line && x.text === c.text)).map((c) => ({ file: b.file, c }))]);
      out.push(copy);
    }
    for (const m of Object.keys(b.cls.methods)) overridden.add(m);
  }
  return out;
}

/** The functions a binding denotes as a set, by name: a module's exported functions, an object's function members. */
function functionsOf(graph: GraphInternals, file: string, ref: BindingRef): { name: string; file: string; fn: FunctionSummary }[] {
  const r = graph.resolveBinding(file, ref);
  const out: { name: string; file: string; fn: FunctionSummary }[] = [];
  if (r?.kind === 'module') {
    for (const name of exportNames(graph, r.file, new Set())) {
      const e = graph.resolveExport(r.file, name);
      if (e?.kind === 'function') out.push({ name, file: e.file, fn: e.fn });
    }
  } else if (r?.kind === 'value' && r.value.kind === 'object') {
    for (const [name, m] of Object.entries(r.value.members)) {
      const fn = m.kind === 'fn' ? graph.summary(r.file)?.functions[m.id] : undefined;
      const resolved = m.kind === 'binding' ? graph.resolveBinding(r.file, m.ref) : undefined;
      if (fn) out.push({ name, file: r.file, fn });
      else if (resolved?.kind === 'function') out.push({ name, file: resolved.file, fn: resolved.fn });
    }
  }
  return out;
}

/** Names a module exports, through `export *` (which never re-exports `default`). */
function exportNames(graph: GraphInternals, file: string, seen: Set<string>): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const s = graph.summary(file);
  if (!s) return [];
  const names: string[] = [];
  for (const [name, e] of Object.entries(s.exports)) {
    if (e.kind !== 'star') {
      names.push(name);
      continue;
    }
    const target = graph.resolver.resolve(file, e.specifier);
    if (target) for (const n of exportNames(graph, target, seen)) if (n !== 'default' && !names.includes(n)) names.push(n);
  }
  return names;
}
