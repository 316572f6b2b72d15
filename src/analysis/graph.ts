// Cross-file analysis over FileSummaries: resolve names through imports and re-exports, follow calls into
// project functions (cycle-safe, depth-limited), and answer "does running this emit telemetry?" with
// the evidence chain that proves it. ProjectGraph holds the summaries, the memo tables and indexes, and
// name resolution; the rest is in the modules of ./graph/, which take the graph as their first argument:
//   verdict.ts               does this function, reference or target emit (evidence chains, the verdict)
//   kinds.ts                 the library kind of a value or of what a call returns, across files
//   coverage.ts              coverage from elsewhere: global registrations, receivers, mounted middleware
//   mounts.ts                the mount index, mountedUnderRoot, mountPath
//   routes.ts                route names (mount prefixes, framework prefixes) and route path helpers
//   placeholders.ts          targets that TargetSummary.each and TargetSummary.inherits stand for
//   auto-instrumentation.ts  which auto-instrumentation registrations cover a target
//   module-graph.ts          imports between project modules, module signatures
//   types.ts                 the types, and GraphInternals (what those modules use of the graph)
import fs from 'node:fs';
import path from 'node:path';
import type { BindingRef, CallRef, ClassSummary, CoverageRef, EvidenceStep, FileSummary, FunctionSummary, Registration, TargetSummary } from '../types.js';
import { PackageScopes, within } from './packages.js';
import type { ModuleResolver } from './resolve.js';
import { flagged } from './summary-set.js';
import { callResultKind, resolvedKind } from './graph/kinds.js';
import { mountPath, mountedUnderRoot } from './graph/mounts.js';
import { eachTargets, inheritedTargets } from './graph/placeholders.js';
import { routeName } from './graph/routes.js';
import type { AutoRegistration, GlobalCoverage, GraphInternals, GraphOptions, MountIndex, Resolved, Verdict, VerdictOptions, Walk } from './graph/types.js';
import { evaluateTarget, functionEmits, refChain } from './graph/verdict.js';

export type { GraphOptions, Resolved, Verdict, VerdictOptions } from './graph/types.js';
export { moduleSignature } from './graph/module-graph.js';
export { joinPathAlternatives, joinRoutePath, pathCovers } from './graph/routes.js';

const NO_DEPS: Set<string> = new Set();

export class ProjectGraph implements GraphInternals {
  // The memo tables, indexes and primitives without `private` are GraphInternals: shared with the modules of
  // ./graph/, not meant for other callers.
  readonly fnMemo = new Map<string, { chain: EvidenceStep[] | null; deps: Set<string> }>();
  private readonly starMemo = new Map<string, { found: Resolved | null; deps: Set<string> }>();
  private readonly starPending = new Set<string>();
  mountIndex?: MountIndex;
  globalIndex?: Map<string, GlobalCoverage[]>;
  /** Framework-wide route prefixes (`prefix` registrations) by framework. */
  prefixIndex?: Map<string, { file: string; reg: Registration }[]>;
  /** Full mount prefixes of a unit, by `file#receiver` key. */
  readonly prefixMemo = new Map<string, string[]>();
  /** mountedCoverage of a receiver for targets that do not say where they stand among its registrations. */
  readonly mountedMemo = new Map<string, { file: string; c: CoverageRef }[]>();
  readonly importedUnitMemo = new Map<string, { file: string; name: string } | null>();
  /** Targets that placeholders (TargetSummary.each) stand for, by the file that declares each function. */
  eachIndex?: Map<string, TargetSummary[]>;
  /**
   * Coverage of a target a placeholder stands for (TargetSummary.each, TargetSummary.inherits): the
   * `coveredBy` of its placeholders and of what it was copied from, with the files they were written in.
   */
  readonly eachCoverage = new WeakMap<TargetSummary, { file: string; c: CoverageRef }[]>();
  /** The file the handlers of such a target are written in, when not the file it is judged in (an inherited route's base). */
  readonly handlerFile = new WeakMap<TargetSummary, string>();
  /** Instrumentation package → where it is registered, with the package of the tree that registers it. */
  autoIndex?: Map<string, AutoRegistration[]>;
  /** The module graph (module-graph.ts importsOf, importersIndex) and each registration's reach (undefined: its package). */
  readonly importsMemo = new Map<string, string[]>();
  importers?: Map<string, string[]>;
  readonly reachMemo = new Map<string, Set<string> | null>();
  readonly linkedReachMemo = new Map<string, { files: Set<string>; dirs: Set<string> }>();

  readonly packages = new PackageScopes();
  private readonly packageFiles = new Map<string, boolean>();
  readonly facadeMemo = new Map<string, string | null>();

  /**
   * Files whose summaries were read since `collect` started: what a file's findings and verdicts depend
   * on (memo entries carry their own sets, added whenever they are reused). Undefined: not collecting.
   */
  private collector?: Set<string>;
  /** Files the project-wide indexes (registrations, mounts, auto-instrumentation) were built from. */
  readonly globalDeps = new Set<string>();

  constructor(
    readonly summaries: ReadonlyMap<string, FileSummary>,
    readonly resolver: ModuleResolver,
    readonly opts: GraphOptions,
  ) {}

  summary(file: string): FileSummary | undefined {
    this.collector?.add(file);
    return this.summaries.get(file);
  }

  /** Run `fn` collecting the files whose summaries it reads (into `into`, then into any outer collector). */
  collect<T>(into: Set<string>, fn: () => T, merge = true): T {
    if (!this.opts.trackDependencies) return fn();
    const outer = this.collector;
    this.collector = into;
    try {
      return fn();
    } finally {
      this.collector = outer;
      if (outer && merge) for (const f of into) outer.add(f);
    }
  }

  /**
   * The files with a flag, for the project-wide indexes: read as global dependencies (a change to one of
   * them changes what every target may be covered by).
   */
  *indexed(flag: number): Generator<[string, FileSummary]> {
    for (const [f, s] of flagged(this.summaries, flag)) {
      if (this.opts.trackDependencies) this.globalDeps.add(f);
      yield [f, s];
    }
  }

  /** A memo entry's computation, with the files it read (none recorded when not tracking), to add on reuse. */
  memoEntry<T>(file: string, fn: () => T): { value: T; deps: Set<string> } {
    if (!this.opts.trackDependencies) return { value: fn(), deps: NO_DEPS };
    const deps = new Set<string>([file]);
    return { value: this.collect(deps, fn), deps };
  }

  absorb(deps: Set<string>): void {
    if (this.collector) for (const f of deps) this.collector.add(f);
  }

  /** Runs `fn` without recording the files it reads as dependencies of what is being judged. */
  outsideDependencies<T>(fn: () => T): T {
    const outer = this.collector;
    this.collector = undefined;
    try {
      return fn();
    } finally {
      this.collector = outer;
    }
  }

  // ------------------------------------------------------------------------------------------
  // Name resolution

  resolveBinding(file: string, ref: BindingRef, hops = 0): Resolved | undefined {
    if (hops > 20) return undefined;
    if (ref.kind === 'import') {
      const target = this.resolver.resolve(file, ref.specifier);
      if (!target) return { kind: 'external', specifier: ref.specifier, name: ref.name };
      return this.resolveExport(target, ref.name, hops + 1);
    }
    const s = this.summary(file);
    if (!s) return undefined;
    const name = ref.name;
    const v = s.values[name];
    if (v?.kind === 'function') {
      const fn = s.functions[v.id];
      return fn ? { kind: 'function', file, fn } : undefined;
    }
    if (v?.kind === 'alias') {
      const r = v.ref;
      if (r.kind === 'fn') {
        const fn = s.functions[r.id];
        return fn ? { kind: 'function', file, fn } : undefined;
      }
      if (r.kind === 'binding') return this.resolveBinding(file, r.ref, hops + 1);
    }
    if (v) return { kind: 'value', file, name, value: v };
    const cls = s.classes[name];
    if (cls) return { kind: 'class', file, cls };
    const imp = s.imports[name];
    if (imp) return this.resolveBinding(file, { kind: 'import', specifier: imp.specifier, name: imp.name }, hops + 1);
    return undefined;
  }

  /** Whether a name denotes a literal constant (`export const PREFIX = 'orders'`), through imports and re-exports. */
  isConstant(file: string, ref: BindingRef): boolean {
    const r = this.resolveBinding(file, ref);
    return r?.kind === 'value' && r.value.kind === 'constant';
  }

  /** The library kind of the value a name denotes across files (`export const logger = pino()` → `log.pino`). */
  valueKind(file: string, ref: BindingRef): string | undefined {
    return resolvedKind(this, this.resolveBinding(file, ref));
  }

  /**
   * The library kind of what `ref.member()` returns, across files (a builder handed out by a project
   * function); with `member` `()`, of what calling `ref` itself returns (`eventsQueue().process(…)`).
   */
  memberCallKind(file: string, ref: BindingRef, member: string): string | undefined {
    return callResultKind(this, file, member === '()' ? { kind: 'binding', ref } : { kind: 'member', of: ref, member });
  }

  resolveExport(file: string, name: string, hops = 0): Resolved | undefined {
    if (hops > 20) return undefined;
    if (name === '*') return { kind: 'module', file };
    const s = this.summary(file);
    if (!s) return undefined;
    const e = s.exports[name];
    if (e?.kind === 'local') return this.resolveBinding(file, { kind: 'local', name: e.name }, hops + 1);
    if (e?.kind === 're-export') {
      const target = this.resolver.resolve(file, e.specifier);
      if (!target) return { kind: 'external', specifier: e.specifier, name: e.name };
      return this.resolveExport(target, e.name, hops + 1);
    }
    if (name === 'default') return undefined;
    return this.starExport(s, file, name, hops);
  }

  /**
   * A name found through the file's `export *` declarations. Memoised per file and name: barrel files of
   * barrel files made every lookup walk the whole tree again (langfuse: 0.3 s of a 1.2 s run). A lookup
   * already under way for the same file and name (an `export *` cycle) finds nothing.
   */
  private starExport(s: FileSummary, file: string, name: string, hops: number): Resolved | undefined {
    const key = `${file}\0${name}`;
    const memo = this.starMemo.get(key);
    if (memo !== undefined) {
      this.absorb(memo.deps);
      return memo.found ?? undefined;
    }
    if (this.starPending.has(key)) return undefined;
    this.starPending.add(key);
    const { value: found, deps } = this.memoEntry(file, () => {
      for (const star of Object.values(s.exports)) {
        if (star.kind !== 'star') continue;
        const target = this.resolver.resolve(file, star.specifier);
        const r = target ? this.resolveExport(target, name, hops + 1) : undefined;
        if (r) return r;
      }
      return undefined;
    });
    this.starPending.delete(key);
    this.starMemo.set(key, { found: found ?? null, deps });
    return found;
  }

  /** The class a binding names, following `extends` for inherited members. */
  methodOf(file: string, cls: ClassSummary, member: string, hops = 0): { file: string; fn: FunctionSummary } | undefined {
    const id = cls.methods[member];
    const fn = id ? this.summary(file)?.functions[id] : undefined;
    if (fn) return { file, fn };
    if (cls.extends && hops < 10) {
      const base = this.resolveBinding(file, cls.extends);
      if (base?.kind === 'class') return this.methodOf(base.file, base.cls, member, hops + 1);
    }
    return undefined;
  }

  /** Where a binding is declared (file and top-level name), for matching receivers across files. */
  declarationOf(file: string, ref: BindingRef, hops = 0): { file: string; name: string } | undefined {
    if (hops > 20) return undefined;
    if (ref.kind === 'local') {
      const s = this.summary(file);
      const imp = s?.imports[ref.name];
      if (imp) return this.declarationOf(file, { kind: 'import', specifier: imp.specifier, name: imp.name }, hops + 1);
      const v = s?.values[ref.name];
      if (v?.kind === 'alias' && v.ref.kind === 'binding') return this.declarationOf(file, v.ref.ref, hops + 1);
      return { file, name: ref.name };
    }
    const target = this.resolver.resolve(file, ref.specifier);
    if (!target) return undefined;
    const e = this.summary(target)?.exports[ref.name];
    if (e?.kind === 'local') return this.declarationOf(target, { kind: 'local', name: e.name }, hops + 1);
    if (e?.kind === 're-export') return this.declarationOf(target, { kind: 'import', specifier: e.specifier, name: e.name }, hops + 1);
    return undefined;
  }

  // ------------------------------------------------------------------------------------------
  // "Does this emit?" (graph/verdict.ts)

  /** Does running this function (its body, its closures, the project functions it calls) emit? */
  functionEmits(file: string, fn: FunctionSummary): EvidenceStep[] | undefined {
    return functionEmits(this, file, fn);
  }

  /** Evidence that invoking what `ref` denotes emits (graph/verdict.ts refChain). */
  refChain(file: string, ref: CallRef, depth: number, walk: Walk, line: number): EvidenceStep[] | undefined {
    return refChain(this, file, ref, depth, walk, line);
  }

  /**
   * TargetSummary.requiresPackage for a file: whether its package (nearest package.json under `root`)
   * depends on one of the names, or one of the files (relative to the file) exists; true when there is no
   * such package.json.
   */
  packageProvides(file: string, root: string, need: { deps: string[]; files?: string[] }): boolean {
    const scope = this.packages.of(file);
    if (!scope || !(scope.dir === root || within(scope.dir, root))) return true;
    for (const d of scope.deps) if (need.deps.some((n) => (n.endsWith('/') ? d.startsWith(n) : d === n))) return true;
    for (const f of need.files ?? []) {
      const abs = path.resolve(path.dirname(file), f);
      let has = this.packageFiles.get(abs);
      if (has === undefined) this.packageFiles.set(abs, (has = fs.existsSync(abs)));
      if (has) return true;
    }
    return false;
  }

  // ------------------------------------------------------------------------------------------
  // Targets

  /** The verdict on a target: its handlers, the coverage that reaches it, auto-instrumentation (graph/verdict.ts). */
  evaluateTarget(file: string, target: TargetSummary, o: VerdictOptions = {}): Verdict {
    return evaluateTarget(this, file, target, o);
  }

  /** The targets that placeholders elsewhere (TargetSummary.each) stand for and whose functions `file` declares (graph/placeholders.ts). */
  eachTargets(file: string): readonly TargetSummary[] {
    return eachTargets(this, file);
  }

  /** The targets a derived class takes from its project base classes, TargetSummary.inherits (graph/placeholders.ts). */
  inheritedTargets(file: string, placeholder: TargetSummary): TargetSummary[] {
    return inheritedTargets(this, file, placeholder);
  }

  // ------------------------------------------------------------------------------------------
  // The module graph (graph/module-graph.ts, graph/auto-instrumentation.ts)

  /** Whether a registration's reach was worked out (then the module graph decided verdicts: see moduleSignature). */
  get usedModuleGraph(): boolean {
    return this.importers !== undefined;
  }

  // ------------------------------------------------------------------------------------------
  // Mounts and route names (graph/mounts.ts, graph/routes.ts)

  /** The name a route target is shown under, behind the prefixes of the mounts that lead to it (graph/routes.ts). */
  routeName(file: string, target: TargetSummary): string {
    return routeName(this, file, target);
  }

  /** Whether the unit a target is declared on is mounted, directly or through other mounts, by a `root` mount (graph/mounts.ts). */
  mountedUnderRoot(file: string, target: TargetSummary): boolean {
    return mountedUnderRoot(this, file, target);
  }

  /** The paths under which the unit `name` (a top-level binding of `file`) is mounted by name, outermost first (graph/mounts.ts). */
  mountPath(file: string, name: string): string[] {
    return mountPath(this, file, name);
  }
}
