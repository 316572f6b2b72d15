// Cross-file analysis over FileSummaries: resolve names through imports and re-exports, follow calls into
// project functions (cycle-safe, depth-limited), and answer "does running this emit telemetry?" with
// the evidence chain that proves it.
import fs from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import type {
  BindingRef,
  CallRef,
  CallSite,
  ClassSummary,
  CoverageRef,
  EvidenceStep,
  FileSummary,
  FunctionSummary,
  Registration,
  TargetSummary,
  ValueSummary,
} from '../types.js';
import { exportKind, type LibraryModel } from './model.js';
import { LOG_METHODS, loggerOf } from './loggers.js';
import { PackageScopes, within, type PackageScope } from './packages.js';
import { nameGlobToRegExp } from './patterns.js';
import type { ModuleResolver } from './resolve.js';
import { HAS_AUTO_INSTRUMENTATION, HAS_EACH_TARGETS, HAS_REGISTRATIONS, flagged } from './summary-set.js';

/** What a name denotes once imports, re-exports and aliases are followed. */
export type Resolved =
  | { kind: 'function'; file: string; fn: FunctionSummary }
  | { kind: 'class'; file: string; cls: ClassSummary }
  | { kind: 'value'; file: string; name: string; value: ValueSummary }
  | { kind: 'module'; file: string }
  | { kind: 'external'; specifier: string; name: string };

export interface Verdict {
  instrumented: boolean;
  evidence: EvidenceStep[];
  /** When not instrumented: what was looked at. */
  reason?: string;
}

/** How a rule wants a target judged. */
export interface VerdictOptions {
  /** Platform tracing (CoverageRef.platformTracing) makes the target instrumented; otherwise it is only named in the reason. */
  countPlatformTracing?: boolean;
}

interface Walk {
  /** Best (smallest) depth at which each function was explored in this query (a summary's function objects are its own). */
  seen: Map<FunctionSummary, number>;
  /** Function names looked into, for the "why not" explanation. */
  looked: Set<string>;
  /** Calls into telemetry packages that the library model does not count: the callee as written → its package. */
  nearMisses?: Map<string, string>;
}

/** Packages whose functions are telemetry when called: a call the model does not count is a near miss worth naming. */
const TELEMETRY_PACKAGE = /^(?:@opentelemetry\/|@sentry\/|dd-trace$|@datadog\/|prom-client$|hot-shots$|node-statsd$|statsd-client$|newrelic$|elastic-apm-node$|@google-cloud\/opentelemetry|@honeycombio\/|@vercel\/otel$|@aws-lambda-powertools\/(?:tracer|metrics)$|@splunk\/otel$|@grafana\/faro)/;

function nearMiss(walk: Walk, specifier: string, text: string): void {
  (walk.nearMisses ??= new Map()).set(text, specifier);
}

export interface GraphOptions {
  maxDepth: number;
  model: LibraryModel;
  /** Configured wrapper names (`withSpan`, `instrumented`): applying one instruments its argument. */
  wrappers: RegExp[];
  /** Decorator names that mean "traced", for class-level decorators covering every method. */
  telemetryDecorators: Set<string>;
  /** File path shown in evidence for an absolute path. */
  display: (absFile: string) => string;
  /** Record which files' summaries each computation reads (for changed-files runs); off, nothing is recorded. */
  trackDependencies?: boolean;
}

const NO_DEPS: Set<string> = new Set();
const NO_TARGETS: readonly TargetSummary[] = [];

/** A `global` registration: its coverage, the folder it is limited to (as the summaries' keys are written) and the targets it applies to. */
interface GlobalCoverage {
  file: string;
  c: CoverageRef;
  within?: string;
  /** The target-name pattern as a test on whole names. */
  targets?: RegExp;
}

/**
 * Does a `global` registration apply to a target: the target's file is under its folder (one app's hooks
 * do not cover another app of the same monorepo), and its target pattern matches the target's name.
 */
function globalApplies(g: GlobalCoverage, file: string, target: TargetSummary): boolean {
  if (g.within !== undefined && !file.startsWith(g.within.endsWith(path.sep) ? g.within : g.within + path.sep)) return false;
  return g.targets === undefined || g.targets.test(target.name);
}

/**
 * Mount registrations by the unit mounted (`byChild`) and by the receiver it is mounted on (`byParent`);
 * `shared`: middleware of units that share their parent's scope; `byName`: mounts of a unit given by name,
 * by the unit's declaration only (`byChild` also lists a plugin call's function arguments as the unit).
 */
interface MountIndex {
  byChild: Map<string, { file: string; reg: Registration }[]>;
  byName: Map<string, { file: string; reg: Registration }[]>;
  byParent: Map<string, { file: string; reg: Registration; keys: string[] }[]>;
  shared: Map<string, { file: string; reg: Registration }[]>;
}

export class ProjectGraph {
  private readonly fnMemo = new Map<string, { chain: EvidenceStep[] | null; deps: Set<string> }>();
  private readonly starMemo = new Map<string, { found: Resolved | null; deps: Set<string> }>();
  private readonly starPending = new Set<string>();
  private mountIndex?: MountIndex;
  private globalIndex?: Map<string, GlobalCoverage[]>;
  /** Framework-wide route prefixes (`prefix` registrations) by framework. */
  private prefixIndex?: Map<string, { file: string; reg: Registration }[]>;
  /** Full mount prefixes of a unit, by `file#receiver` key. */
  private readonly prefixMemo = new Map<string, string[]>();
  /** mountedCoverage of a receiver for targets that do not say where they stand among its registrations. */
  private readonly mountedMemo = new Map<string, { file: string; c: CoverageRef }[]>();
  private readonly importedUnitMemo = new Map<string, { file: string; name: string } | null>();
  /** Targets that placeholders (TargetSummary.each) stand for, by the file that declares each function. */
  private eachIndex?: Map<string, TargetSummary[]>;
  /**
   * Coverage of a target a placeholder stands for (TargetSummary.each, TargetSummary.inherits): the
   * `coveredBy` of its placeholders and of what it was copied from, with the files they were written in.
   */
  private readonly eachCoverage = new WeakMap<TargetSummary, { file: string; c: CoverageRef }[]>();
  /** The file the handlers of such a target are written in, when not the file it is judged in (an inherited route's base). */
  private readonly handlerFile = new WeakMap<TargetSummary, string>();
  /** Instrumentation package → where it is registered, with the package of the tree that registers it. */
  private autoIndex?: Map<string, { step: EvidenceStep; scope: PackageScope | undefined; file: string; runtime?: 'browser' | 'edge' | 'any' }[]>;
  /** The module graph (graph.importsOf, graph.importersIndex) and each registration's reach (undefined: its package). */
  private readonly importsMemo = new Map<string, string[]>();
  private importers?: Map<string, string[]>;
  private readonly reachMemo = new Map<string, Set<string> | null>();
  private readonly linkedReachMemo = new Map<string, { files: Set<string>; dirs: Set<string> }>();

  private readonly packages = new PackageScopes();
  private readonly packageFiles = new Map<string, boolean>();
  private readonly facadeMemo = new Map<string, string | null>();

  /**
   * Files whose summaries were read since `collect` started: what a file's findings and verdicts depend
   * on (memo entries carry their own sets, added whenever they are reused). Undefined: not collecting.
   */
  private collector?: Set<string>;
  /** Files the project-wide indexes (registrations, mounts, auto-instrumentation) were built from. */
  readonly globalDeps = new Set<string>();

  constructor(
    readonly summaries: ReadonlyMap<string, FileSummary>,
    private readonly resolver: ModuleResolver,
    private readonly opts: GraphOptions,
  ) {}

  private summary(file: string): FileSummary | undefined {
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
  private *indexed(flag: number): Generator<[string, FileSummary]> {
    for (const [f, s] of flagged(this.summaries, flag)) {
      if (this.opts.trackDependencies) this.globalDeps.add(f);
      yield [f, s];
    }
  }

  /** A memo entry's computation, with the files it read (none recorded when not tracking), to add on reuse. */
  private memoEntry<T>(file: string, fn: () => T): { value: T; deps: Set<string> } {
    if (!this.opts.trackDependencies) return { value: fn(), deps: NO_DEPS };
    const deps = new Set<string>([file]);
    return { value: this.collect(deps, fn), deps };
  }

  private absorb(deps: Set<string>): void {
    if (this.collector) for (const f of deps) this.collector.add(f);
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
    return this.resolvedKind(this.resolveBinding(file, ref));
  }

  /** valueKind of a name already resolved. */
  private resolvedKind(r: Resolved | undefined): string | undefined {
    if (r?.kind === 'value' && r.value.kind === 'typed') return r.value.type;
    if (r?.kind === 'external') return exportKind(this.opts.model, r.specifier, r.name);
    if (r?.kind === 'class') return this.inheritedInstanceKind(r.file, r.cls) ?? this.loggerFacadeKind(r.file, r.cls);
    // `export const protectedProcedure = publicProcedure.use(isAuthed)` with `publicProcedure` from another module.
    if (r?.kind === 'value' && r.value.kind === 'call') return this.callResultKind(r.file, r.value.call.callee, 0, r.value.call);
    if (r?.kind === 'value' && r.value.kind === 'instance') {
      // `export const users = new UsersClient(…)` with the constructor from another module.
      const of = this.valueKind(r.file, r.value.of);
      const members = of ? this.opts.model.members[of] : undefined;
      return members ? (members.new ?? members[':'] ?? of) : of;
    }
    return undefined;
  }

  /**
   * The library kind of what `ref.member()` returns, across files (a builder handed out by a project
   * function); with `member` `()`, of what calling `ref` itself returns (`eventsQueue().process(…)`).
   */
  memberCallKind(file: string, ref: BindingRef, member: string): string | undefined {
    return this.callResultKind(file, member === '()' ? { kind: 'binding', ref } : { kind: 'member', of: ref, member });
  }

  /**
   * A project class whose log methods (static or not) forward to a logger (`class Logger { static
   * info(msg, extra) { winstonLogger.info(msg, extra) } }`), or that has log methods and holds a logger in
   * a property (`this.output.info(…)`): the kind of that logger, so `Logger.info(…)` and calls on its
   * instances are judged as that logger's calls.
   */
  private loggerFacadeKind(file: string, cls: ClassSummary): string | undefined {
    const key = `${file}#${cls.name}`;
    if (this.facadeMemo.has(key)) return this.facadeMemo.get(key) ?? undefined;
    this.facadeMemo.set(key, null);
    let found: string | undefined;
    // A logger held in a property (`this.output.info(message, extra)` with `output: winston.Logger`).
    const held = Object.values(cls.propertyTypes ?? {}).find((k) => loggerOf(k));
    for (const m of LOG_METHODS) {
      const method = this.methodOf(file, cls, m);
      if (!method) continue;
      if (held) {
        found = held;
        break;
      }
      for (const call of method.fn.calls) {
        const c = call.callee;
        if (c.kind !== 'member' || !LOG_METHODS.has(c.member)) continue;
        const k = this.valueKind(method.file, c.of);
        if (k && loggerOf(k)) found = k;
        if (found) break;
      }
      if (found) break;
    }
    this.facadeMemo.set(key, found ?? null);
    return found;
  }

  /**
   * The library kind of instances of a project class that extends a library class, through project base
   * classes (`class PrismaService extends PrismaClient`, injected as `private prisma: PrismaService`).
   */
  private inheritedInstanceKind(file: string, cls: ClassSummary, hops = 0): string | undefined {
    if (!cls.extends || hops > 10) return undefined;
    const base = this.resolveBinding(file, cls.extends);
    if (base?.kind === 'class') return this.inheritedInstanceKind(base.file, base.cls, hops + 1);
    if (base?.kind !== 'external') return undefined;
    const kind = exportKind(this.opts.model, base.specifier, base.name);
    const members = kind ? this.opts.model.members[kind] : undefined;
    return members?.[':'] ?? members?.new;
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
  private methodOf(file: string, cls: ClassSummary, member: string, hops = 0): { file: string; fn: FunctionSummary } | undefined {
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
  // "Does this emit?"

  /** Does running this function (its body, its closures, the project functions it calls) emit? */
  functionEmits(file: string, fn: FunctionSummary): EvidenceStep[] | undefined {
    const key = `${file}#${fn.id}`;
    const memo = this.fnMemo.get(key);
    if (memo !== undefined) {
      this.absorb(memo.deps);
      return memo.chain ?? undefined;
    }
    const { value: chain, deps } = this.memoEntry(file, () => this.fnChain(file, fn, 0, { seen: new Map(), looked: new Set() }));
    this.fnMemo.set(key, { chain: chain ?? null, deps });
    return chain;
  }

  private fnChain(file: string, fn: FunctionSummary, depth: number, walk: Walk): EvidenceStep[] | undefined {
    const prev = walk.seen.get(fn);
    if (prev !== undefined && prev <= depth) return undefined;
    walk.seen.set(fn, depth);
    walk.looked.add(fn.name);
    // The file as shown in evidence: worked out only for evidence (most functions looked into have none).
    const display = () => this.opts.display(file);
    if (fn.decoratedBy) return [{ kind: 'decorator', name: fn.decoratedBy.api, file: display(), line: fn.decoratedBy.line }];
    if (fn.emits.length) {
      const e = fn.emits[0];
      return [{ kind: 'emission', family: e.family, api: e.api, file: display(), line: e.line }];
    }
    const s = this.summary(file)!;
    if (fn.className) {
      const cls = s.classes[fn.className];
      const d = cls?.decorators.find((n) => this.opts.telemetryDecorators.has(n));
      if (d) return [{ kind: 'decorator', name: `@${d} (class ${cls!.name})`, file: display(), line: cls!.span.line }];
      // A decorator of the project on the class that wraps its methods (`@TraceAll()` replacing each method
      // of the prototype with one that opens a span): followed like a method decorator, to what it runs.
      for (const ref of cls?.decoratorRefs ?? []) {
        const c = this.refChain(file, ref, depth + 1, walk, cls!.span.line);
        const label = ref.kind === 'call' ? ref.call.text : ref.kind === 'binding' ? ref.ref.name : 'decorator';
        if (c) return [{ kind: 'decorator', name: `@${label} (class ${cls!.name})`, file: display(), line: cls!.span.line }, ...c];
      }
    }
    for (const childId of fn.children) {
      const child = s.functions[childId];
      const c = child && this.fnChain(file, child, depth, walk);
      if (c) return c;
    }
    for (const call of fn.calls) {
      const c = this.refChain(file, call.callee, depth + 1, walk, call.line);
      // A call on a library value exported by another module (`tracer.startSpan` with `tracer` imported)
      // is itself the emission: no call step in front of it.
      if (c && c.length === 1 && c[0].kind === 'emission' && c[0].file === display() && c[0].line === call.line) return c;
      if (c) return [{ kind: 'call', name: call.text, file: display(), line: call.line }, ...c];
      // A function or member of a telemetry package imported here that the model does not know at all
      // (`trace.getTracer` is known and emits nothing by itself: not a near miss).
      const callee = call.callee;
      const imported = callee.kind === 'binding' ? callee.ref : callee.kind === 'member' ? callee.of : undefined;
      if (imported?.kind === 'import' && TELEMETRY_PACKAGE.test(imported.specifier)) {
        const model = this.opts.model;
        const kind = exportKind(model, imported.specifier, imported.name);
        const member = callee.kind === 'member' ? callee.member : undefined;
        const known = member === undefined ? kind !== undefined : kind !== undefined && (model.members[kind]?.[`${member}()`] !== undefined || model.members[kind]?.[member] !== undefined);
        if (!known) nearMiss(walk, imported.specifier, call.text);
      }
    }
    return undefined;
  }

  /**
   * Evidence that invoking what `ref` denotes emits. `depth` counts project calls followed so far;
   * `line` is where the reference is used (for emissions recognised on a typed value).
   */
  refChain(file: string, ref: CallRef, depth: number, walk: Walk, line: number): EvidenceStep[] | undefined {
    if (depth > this.opts.maxDepth) return undefined;
    const s = this.summary(file);
    if (!s) return undefined;
    switch (ref.kind) {
      case 'fn': {
        const fn = s.functions[ref.id];
        return fn ? this.fnChain(file, fn, depth, walk) : undefined;
      }
      case 'binding': {
        const r = this.resolveBinding(file, ref.ref);
        if (r?.kind === 'external') return this.libraryCallChain(r, file, line);
        return r ? this.resolvedChain(r, depth, walk, line, '()') : undefined;
      }
      case 'member': {
        const r = this.resolveBinding(file, ref.of);
        if (!r) return undefined;
        return this.memberChain(r, ref.member, !!ref.instanceOf, depth, walk, line, file);
      }
      case 'call':
        return this.wrapperChain(file, ref.call, depth, walk);
    }
  }

  /** A library function that emits when called, used as a value: `export default withProfiler(Page)`, `<Profiler>`. */
  private libraryCallChain(r: { specifier: string; name: string }, file: string, line: number): EvidenceStep[] | undefined {
    const kind = exportKind(this.opts.model, r.specifier, r.name);
    const family = kind ? this.opts.model.emits[kind]?.['()'] : undefined;
    return family ? [{ kind: 'emission', family, api: `${r.name} (${r.specifier})`, file: this.opts.display(file), line }] : undefined;
  }

  private resolvedChain(r: Resolved, depth: number, walk: Walk, line: number, how: string, from?: string): EvidenceStep[] | undefined {
    switch (r.kind) {
      case 'function':
        return this.fnChain(r.file, r.fn, depth, walk);
      case 'value': {
        const v = r.value;
        if (v.kind === 'typed') {
          const family = this.opts.model.emits[v.type]?.[how];
          return family ? [{ kind: 'emission', family, api: `${r.name}${how === '()' ? '()' : `.${how}`}`, file: this.opts.display(from ?? r.file), line }] : undefined;
        }
        if (v.kind === 'call') return this.wrapperChain(r.file, v.call, depth, walk);
        if (v.kind === 'alias') return this.refChain(r.file, v.ref, depth, walk, line);
        if (v.kind === 'list') {
          for (const item of v.items) {
            const c = this.refChain(r.file, item, depth + 1, walk, line);
            if (c) return c;
          }
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /**
   * A call at the end of a member path on a value whose kind is known across files
   * (`tracer.scope().active().setTag`, summarize.ts memberPath): the kind walked along the path, then
   * whether its last call emits.
   */
  private memberPathChain(r: Resolved, path: string, line: number, from: string): EvidenceStep[] | undefined {
    let kind: string | undefined;
    if (r.kind === 'external') kind = exportKind(this.opts.model, r.specifier, r.name);
    else if (r.kind === 'value' && r.value.kind === 'typed') kind = r.value.type;
    else if (r.kind === 'value' && r.value.kind === 'call') kind = this.callResultKind(r.file, r.value.call.callee, 0, r.value.call);
    else if (r.kind === 'class') kind = this.inheritedInstanceKind(r.file, r.cls);
    const segments = path.split('.');
    const last = segments.pop()!;
    // Rooted at a call of a project function (`getMeter().createCounter`): the kind it returns.
    if (segments[0] === '()') {
      segments.shift();
      kind = r.kind === 'function' ? this.returnedKind(r.file, r.fn, 0) : undefined;
    }
    for (const seg of segments) {
      const members = kind ? this.opts.model.members[kind] : undefined;
      kind = members ? (members[seg] ?? (seg.endsWith('()') ? members['*()'] : members['*'])) : undefined;
    }
    const family = kind ? this.opts.model.emits[kind]?.[`${last}()`] : undefined;
    const root = r.kind === 'external' && r.name === 'default' ? r.specifier : r.kind === 'function' ? r.fn.name : 'name' in r ? r.name : '';
    return family ? [{ kind: 'emission', family, api: path.startsWith('().') ? `${root}${path}` : `${root}.${path}`, file: this.opts.display(from), line }] : undefined;
  }

  private memberChain(
    r: Resolved,
    member: string,
    instanceOf: boolean,
    depth: number,
    walk: Walk,
    line: number,
    from: string,
  ): EvidenceStep[] | undefined {
    if (member.includes('.')) return this.memberPathChain(r, member, line, from);
    if (r.kind === 'external') {
      // A library value exported by a project module (`export default tracer` after `tracer.init()`).
      const kind = exportKind(this.opts.model, r.specifier, r.name);
      const family = kind ? this.opts.model.emits[kind]?.[`${member}()`] : undefined;
      return family ? [{ kind: 'emission', family, api: `${r.name === 'default' ? r.specifier : r.name}.${member}`, file: this.opts.display(from), line }] : undefined;
    }
    if (r.kind === 'class') {
      const m = this.methodOf(r.file, r.cls, member);
      return m ? this.fnChain(m.file, m.fn, depth, walk) : undefined;
    }
    if (r.kind === 'module') {
      const e = this.resolveExport(r.file, member);
      return e ? this.resolvedChain(e, depth, walk, line, '()', from) : undefined;
    }
    if (r.kind !== 'value') return undefined;
    const v = r.value;
    if (v.kind === 'typed') {
      const family = this.opts.model.emits[v.type]?.[`${member}()`];
      return family ? [{ kind: 'emission', family, api: `${r.name}.${member}`, file: this.opts.display(from), line }] : undefined;
    }
    if (v.kind === 'instance') {
      const c = this.resolveBinding(r.file, v.of);
      return c?.kind === 'class' ? this.memberChain(c, member, true, depth, walk, line, from) : undefined;
    }
    if (v.kind === 'object') {
      const m = v.members[member];
      return m ? this.refChain(r.file, m, depth, walk, line) : undefined;
    }
    if (v.kind === 'call') {
      // `const meter = getMeter('api')` with `getMeter(): Meter` in another module, then `meter.createCounter(…)`.
      const kind = this.callResultKind(r.file, v.call.callee, 0, v.call);
      const family = kind ? this.opts.model.emits[kind]?.[`${member}()`] : undefined;
      return family ? [{ kind: 'emission', family, api: `${r.name}.${member}`, file: this.opts.display(from), line }] : undefined;
    }
    void instanceOf;
    return undefined;
  }

  /**
   * The library kind a project function returns: declared or returned directly (`returns`), what the
   * argument a generic helper calls returns (`returnsParam`, from the call's `argReturns`), or the value
   * of a module-level name it returns (`return cachedQueue`, assigned `createQueue(…)` elsewhere).
   */
  private returnedKind(file: string, fn: FunctionSummary, hops: number, site?: CallSite): string | undefined {
    if (fn.returns) return fn.returns;
    if (fn.returnsParam !== undefined) return site?.argReturns?.[fn.returnsParam];
    const ref = fn.returnsRef;
    if (ref?.kind !== 'binding' || hops > 8) return undefined;
    const r = this.resolveBinding(file, ref.ref);
    if (r?.kind === 'value' && r.value.kind === 'typed') return r.value.type;
    if (r?.kind === 'value' && r.value.kind === 'call') return this.callResultKind(r.file, r.value.call.callee, hops + 1, r.value.call);
    if (r?.kind === 'value' && r.value.kind === 'instance') return this.resolvedKind(r);
    return undefined;
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

  /**
   * The library kind of what a call returns, across files: a project function that declares or returns
   * one (`getTracer(): Tracer`), a library export, or a method of a value whose kind is known that way
   * (`getMeter('x').createCounter(…)`). `site`: the call, for what its arguments return when the callee is
   * a generic helper (FunctionSummary.returnsParam).
   */
  private callResultKind(file: string, callee: CallRef, hops = 0, site?: CallSite): string | undefined {
    if (hops > 8) return undefined;
    if (callee.kind === 'fn') {
      // A function of the same file, by id (`const mailQueue = createQueue('mail')` below `function createQueue`).
      const fn = this.summary(file)?.functions[callee.id];
      return fn ? this.returnedKind(file, fn, hops, site) : undefined;
    }
    if (callee.kind === 'binding') {
      const r = this.resolveBinding(file, callee.ref);
      if (r?.kind === 'function') return this.returnedKind(r.file, r.fn, hops, site);
      if (r?.kind === 'value' && r.value.kind === 'typed') return this.opts.model.members[r.value.type]?.['()'];
      if (r?.kind === 'external') {
        const k = exportKind(this.opts.model, r.specifier, r.name);
        return k ? this.opts.model.members[k]?.['()'] : undefined;
      }
      return undefined;
    }
    if (callee.kind !== 'member') return undefined;
    const r = this.resolveBinding(file, callee.of);
    let of: string | undefined;
    if (r?.kind === 'value' && r.value.kind === 'typed') of = r.value.type;
    else if (r?.kind === 'value' && r.value.kind === 'call') of = this.callResultKind(r.file, r.value.call.callee, hops + 1, r.value.call);
    else if (r?.kind === 'external') of = exportKind(this.opts.model, r.specifier, r.name);
    else if (r?.kind === 'value' && r.value.kind === 'object') {
      // `{ requiresPermission: (p) => protectedProcedure.use(…) }`: the member function's return kind.
      const m = r.value.members[callee.member];
      const fn = m?.kind === 'fn' ? this.summary(r.file)?.functions[m.id] : undefined;
      if (fn) return this.returnedKind(r.file, fn, hops, site);
      return m?.kind === 'binding' ? this.callResultKind(r.file, m, hops + 1, site) : undefined;
    } else if (r?.kind === 'module') {
      const e = this.resolveExport(r.file, callee.member);
      return e?.kind === 'function' ? this.returnedKind(e.file, e.fn, hops, site) : undefined;
    }
    return of ? this.opts.model.members[of]?.[`${callee.member}()`] : undefined;
  }

  /**
   * `wrapper(handler)`: instrumented when the wrapper is a configured one, when the wrapper itself emits
   * (a higher-order function that opens a span around its argument), or when a function argument emits.
   */
  private wrapperChain(file: string, call: { callee: CallRef; text: string; line: number; fnArgs?: CallRef[] }, depth: number, walk: Walk): EvidenceStep[] | undefined {
    if (this.opts.wrappers.some((w) => w.test(call.text))) return [{ kind: 'wrapper', name: call.text, file: this.opts.display(file), line: call.line }];
    const inner = this.refChain(file, call.callee, depth, walk, call.line);
    if (inner) return [{ kind: 'wrapper', name: call.text, file: this.opts.display(file), line: call.line }, ...inner];
    for (const a of call.fnArgs ?? []) {
      const c = this.refChain(file, a, depth, walk, call.line);
      if (c) return c;
      // A loader (`dynamic(async () => Page)`, `lazy(() => import('./Page'))`): the wrapper runs what it returns.
      const loaded = a.kind === 'fn' ? this.summary(file)?.functions[a.id]?.returnsRef : undefined;
      const l = loaded && this.refChain(file, loaded, depth, walk, call.line);
      if (l) return l;
    }
    return undefined;
  }

  // ------------------------------------------------------------------------------------------
  // Targets

  evaluateTarget(file: string, target: TargetSummary, o: VerdictOptions = {}): Verdict {
    const walk: Walk = { seen: new Map(), looked: new Set() };
    const where = this.handlerFile.get(target) ?? file;
    for (const h of target.handlers) {
      const c = this.refChain(where, h, 0, walk, target.span.line) ?? this.builtHandlerChain(where, h, walk);
      if (c) return { instrumented: true, evidence: c };
    }
    const coverage = [
      ...(this.eachCoverage.get(target) ?? (target.coveredBy ?? []).map((c) => ({ file, c }))),
      ...(target.inheritsFrom ? this.inheritedCoverage(file, target.inheritsFrom) : []),
      ...this.mountedCoverage(file, target),
      ...this.receiverCoverage(file, target),
      ...(this.buildGlobalIndex().get(target.framework) ?? []).filter((g) => globalApplies(g, file, target)),
    ];
    const platform: EvidenceStep[] = [];
    let applied = 0;
    for (const { file: f, c } of coverage) {
      const step: EvidenceStep = { kind: 'coverage', via: c.via, name: c.text, file: this.opts.display(f), line: c.line };
      if (c.platformTracing) {
        platform.push(step);
        continue;
      }
      applied++;
      const chain = this.refChain(f, c.ref, 0, walk, c.line);
      if (chain) return { instrumented: true, evidence: [step, ...chain] };
    }
    const auto = this.autoInstrumentation(file, target);
    if (auto) return { instrumented: true, evidence: [auto] };
    if (platform.length && (o.countPlatformTracing || target.platformTracingOnly)) return { instrumented: true, evidence: [platform[0]] };
    const maxDepth = this.opts.maxDepth;
    return {
      instrumented: false,
      evidence: [],
      // Spelled out only when read (--explain): most runs never show it, and a large project has thousands.
      get reason(): string {
        const looked = [...walk.looked];
        const parts = [
          looked.length
            ? `looked into ${looked.slice(0, 6).join(', ')}${looked.length > 6 ? ` and ${looked.length - 6} more` : ''} (up to ${maxDepth} calls deep): none emits telemetry`
            : target.handlers.length
              ? 'the handler could not be resolved to a function in the analysed files'
              : 'it runs at module top level, outside any function',
        ];
        if (applied) parts.push(`${applied} middleware/interceptor registration(s) apply, none emits`);
        else parts.push('no emitting middleware, interceptor or wrapper applies');
        if (platform.length) {
          const p = platform[0] as Extract<EvidenceStep, { kind: 'coverage' }>;
          parts.push(`platform tracing applies (${p.name}, ${p.file}:${p.line}) but does not count by default: a generic span per job, without the handler's own context`);
        }
        if (target.autoInstrumentedBy?.length) parts.push(`no analysed file registers ${target.autoInstrumentedBy.join(' or ')}`);
        if (walk.nearMisses?.size) {
          const calls = [...walk.nearMisses].map(([text, pkg]) => `${text} (${pkg})`);
          const first = walk.nearMisses.keys().next().value as string;
          parts.push(
            `it calls ${calls.slice(0, 3).join(', ')}${calls.length > 3 ? ` and ${calls.length - 3} more` : ''}, which the model does not count as telemetry: if that emits, name it in the config's telemetry.emitters ("emitters": ["${first}"])`,
          );
        }
        return parts.join('; ');
      },
    };
  }

  /**
   * A handler that is a member of what a builder returned: `const route = createApiRoute(options, fn)`
   * then `export const loader = route.loader`. The handler is the builder's work around `fn`, judged as
   * the call `createApiRoute(options, fn)`. Only for a target's own handler: a call on such a value
   * elsewhere (`engine.run()` on a singleton) need not run what the factory was given.
   */
  private builtHandlerChain(file: string, ref: CallRef, walk: Walk, hops = 0): EvidenceStep[] | undefined {
    if (hops > 5) return undefined;
    if (ref.kind === 'binding') {
      const r = this.resolveBinding(file, ref.ref);
      return r?.kind === 'value' && r.value.kind === 'alias' ? this.builtHandlerChain(r.file, r.value.ref, walk, hops + 1) : undefined;
    }
    if (ref.kind !== 'member') return undefined;
    const r = this.resolveBinding(file, ref.of);
    return r?.kind === 'value' && r.value.kind === 'call' ? this.wrapperChain(r.file, r.value.call, 0, walk) : undefined;
  }

  /**
   * Auto-instrumentation that covers the target (a call through a client library): registered in the
   * target's own package (nearest package.json), else in a package linked with it by dependencies (the app
   * that loads a library package, a telemetry package the app imports). Another app of a monorepo runs in
   * another process: its registration does not cover the call.
   */
  private autoInstrumentation(file: string, target: TargetSummary): EvidenceStep | undefined {
    if (!target.autoInstrumentedBy?.length) return undefined;
    if (!this.autoIndex) {
      this.autoIndex = new Map();
      // Every file's package first, so links through packages of the tree are known before any is asked.
      for (const f of this.summaries.keys()) this.packages.of(f);
      for (const [f, s] of this.indexed(HAS_AUTO_INSTRUMENTATION)) {
        for (const reg of s.autoInstrumentation ?? []) {
          const step: EvidenceStep = { kind: 'coverage', via: 'auto-instrumentation', name: '', file: this.opts.display(f), line: reg.line };
          for (const pkg of reg.packages) {
            const list = this.autoIndex.get(pkg) ?? [];
            list.push({ step: { ...step, name: `${reg.api} (${reg.agent ?? pkg})` }, scope: this.packages.of(f), file: f, runtime: reg.runtime });
            this.autoIndex.set(pkg, list);
          }
        }
      }
    }
    const scope = this.packages.of(file);
    const runtime = this.summary(file)?.runtime;
    let linked: EvidenceStep | undefined;
    for (const pkg of target.autoInstrumentedBy) {
      for (const r of this.autoIndex.get(pkg) ?? []) {
        // An SDK covers code of its own runtime: a browser SDK the modules its entries load (a module is not
        // known to be server code), an edge config edge code, a Node SDK the rest but `'use client'` modules
        // (`@vercel/otel` sets up both Node and edge).
        if (r.runtime !== 'browser' && (runtime === 'client' || (r.runtime === 'edge') !== (runtime === 'edge' && r.runtime !== 'any'))) continue;
        if (r.scope?.dir === scope?.dir) {
          if (this.reaches(r.file, file)) return r.step;
        } else if (!linked && this.packages.linked(scope, r.scope) && this.reachesLinked(r.file, file, scope)) linked = r.step;
      }
    }
    return linked;
  }

  // ------------------------------------------------------------------------------------------
  // The module graph: what an auto-instrumentation registration runs with.

  /** The project files a file imports, re-exports from or loads (resolved; packages outside the tree left out). */
  private importsOf(file: string): string[] {
    const known = this.importsMemo.get(file);
    if (known) return known;
    const s = this.summaries.get(file);
    const out = new Set<string>();
    for (const spec of s ? moduleSpecifiers(s) : []) {
      const t = this.resolver.resolve(file, spec);
      if (t && t !== file && this.summaries.has(t)) out.add(t);
    }
    const list = [...out];
    this.importsMemo.set(file, list);
    return list;
  }

  /**
   * Whether code of `file` runs in a process that performs the registration in `regFile` (same package): the
   * modules reachable from the entry modules that load `regFile` (those that import it, directly or through
   * other modules, and that nothing imports). The whole package when the registration is loaded by other
   * means: a framework loads it (Next's `instrumentation.ts`, a Sentry config, SvelteKit or Remix server
   * hooks), a script preloads it (`node -r ./tracing.js`), or it is a setup module that imports no other
   * module of the project and that no module imports (preloaded by a Dockerfile or `NODE_OPTIONS`).
   */
  private reaches(regFile: string, file: string): boolean {
    if (regFile === file) return true;
    const reach = this.reach(regFile);
    return reach === null || reach.has(file);
  }

  /**
   * `reachOf`, memoised, and not recorded as dependencies (every file would be one): a changed-files run
   * compares the changed files' module signatures instead, and judges everything again when one changed
   * (moduleSignature). Null: the registration covers its whole package.
   */
  private reach(regFile: string): Set<string> | null {
    const known = this.reachMemo.get(regFile);
    if (known !== undefined) return known;
    const reach = this.outsideDependencies(() => this.reachOf(regFile) ?? null);
    this.reachMemo.set(regFile, reach);
    return reach;
  }

  /** Runs `fn` without recording the files it reads as dependencies of what is being judged. */
  private outsideDependencies<T>(fn: () => T): T {
    const outer = this.collector;
    this.collector = undefined;
    try {
      return fn();
    } finally {
      this.collector = outer;
    }
  }

  /**
   * For a module of another package linked with the registration's (a library the app depends on): whether
   * the registering process loads it, i.e. it is reachable from the registration's entries (or from any
   * module of the registering package, when the registration covers its package). A package the import
   * graph never enters (its imports did not resolve) keeps the package link as the answer; a module of it
   * that nothing loads (`packages/db/scripts/backfill.ts`) is not covered.
   */
  private reachesLinked(regFile: string, file: string, scope: PackageScope | undefined): boolean {
    let memo = this.linkedReachMemo.get(regFile);
    if (!memo) {
      const own = this.packages.of(regFile)?.dir;
      const files = this.reach(regFile) ?? this.outsideDependencies(() => this.forward([...this.summaries.keys()].filter((f) => this.packages.of(f)?.dir === own)));
      const dirs = new Set<string>();
      for (const f of files) {
        const d = this.packages.of(f)?.dir;
        if (d !== undefined) dirs.add(d);
      }
      memo = { files, dirs };
      this.linkedReachMemo.set(regFile, memo);
    }
    return memo.files.has(file) || scope === undefined || !memo.dirs.has(scope.dir);
  }

  private reachOf(regFile: string): Set<string> | undefined {
    const scope = this.packages.of(regFile);
    if (FRAMEWORK_LOADED.test(regFile) || this.preloaded(regFile, scope)) return undefined;
    const importers = this.importersIndex();
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
    const standalone = roots.length === 1 && roots[0] === regFile && this.importsOf(regFile).length === 0;
    if (standalone) return this.summaries.get(regFile)?.runtime === 'client' ? this.clientModules(scope) : undefined;
    return this.forward(roots);
  }

  /** Every module reachable from these, them included. */
  private forward(roots: string[]): Set<string> {
    const seen = new Set(roots);
    const queue = [...roots];
    while (queue.length) {
      for (const n of this.importsOf(queue.pop()!)) {
        if (!seen.has(n)) {
          seen.add(n);
          queue.push(n);
        }
      }
    }
    return seen;
  }

  /** The client modules of a package (`'use client'`, client entries) and what they import: what a framework's browser SDK entry covers. */
  private clientModules(scope: PackageScope | undefined): Set<string> {
    const roots: string[] = [];
    for (const [f, s] of this.summaries) if (s.runtime === 'client' && this.packages.of(f)?.dir === scope?.dir) roots.push(f);
    return this.forward(roots);
  }

  /** Whether a script of the package preloads this module (`node -r ./dist/tracing.js`): matched on the module's name. */
  private preloaded(file: string, scope: PackageScope | undefined): boolean {
    const stem = path.basename(file).replace(/\.[cm]?[jt]sx?$/, '');
    return !!scope?.preloads.some((p) => path.basename(p).replace(/\.[cm]?[jt]sx?$/, '') === stem && (p.startsWith('.') || p.includes('/')));
  }

  /** Whether a registration's reach was worked out (then the module graph decided verdicts: see moduleSignature). */
  get usedModuleGraph(): boolean {
    return this.importers !== undefined;
  }

  /** Module → the modules that import it. Built once, over every file. */
  private importersIndex(): Map<string, string[]> {
    if (this.importers) return this.importers;
    const index = new Map<string, string[]>();
    for (const f of this.summaries.keys()) {
      for (const t of this.importsOf(f)) {
        const list = index.get(t);
        if (list) list.push(f);
        else index.set(t, [f]);
      }
    }
    this.importers = index;
    return index;
  }

  /**
   * Middleware given to the object the target is registered on, where that object is declared: an Inngest
   * client's `middleware` in `client.ts` covers `inngest.createFunction(…)` in every module importing it.
   */
  private receiverCoverage(file: string, target: TargetSummary): { file: string; c: CoverageRef }[] {
    if (!target.registeredOn) return [];
    const decl = this.declarationOf(file, target.registeredOn);
    const s = decl && this.summary(decl.file);
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
   * The targets that placeholders elsewhere (TargetSummary.each) stand for and whose functions `file`
   * declares: Temporal activities exported by `activities.ts` and registered by `Worker.create` in
   * `worker.ts` are judged, and reported, in `activities.ts`.
   */
  eachTargets(file: string): readonly TargetSummary[] {
    const index = this.eachIndex ?? this.collect(this.globalDeps, () => this.buildEachIndex(), false);
    return index.get(file) ?? NO_TARGETS;
  }

  private buildEachIndex(): Map<string, TargetSummary[]> {
    const index = new Map<string, TargetSummary[]>();
    const byKey = new Map<string, TargetSummary>();
    for (const [file, s] of this.indexed(HAS_EACH_TARGETS)) {
      for (const p of s.targets) {
        if (!p.each) continue;
        const coverage = (p.coveredBy ?? []).map((c) => ({ file, c }));
        for (const f of this.functionsOf(file, p.each.ref)) {
          if (p.each.except?.includes(f.name)) continue;
          const name = `${p.name} ${f.name}`;
          const key = `${f.file}#${f.fn.id}#${name}`;
          const known = byKey.get(key);
          // The same module registered by several workers: one target, covered by what any of them applies.
          if (known) {
            this.eachCoverage.get(known)!.push(...coverage);
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
          this.eachCoverage.set(t, coverage);
          let list = index.get(f.file);
          if (!list) index.set(f.file, (list = []));
          list.push(t);
        }
      }
    }
    this.eachIndex = index;
    return index;
  }

  /** The project classes a binding names (or, with `call`, the class the function it names returns) and their project bases, nearest first (at most 10). */
  private baseChain(file: string, base: { ref: BindingRef; call?: true }): { file: string; cls: ClassSummary }[] {
    const out: { file: string; cls: ClassSummary }[] = [];
    let r = this.resolveBinding(file, base.ref);
    if (base.call) {
      const made = r?.kind === 'function' ? r.fn.returnsClass : undefined;
      const cls = made && r?.kind === 'function' ? this.summary(r.file)?.classes[made] : undefined;
      r = cls && r?.kind === 'function' ? { kind: 'class', file: r.file, cls } : undefined;
    }
    while (r?.kind === 'class' && out.length < 10 && !out.some((x) => x.cls === (r as { cls: ClassSummary }).cls)) {
      out.push({ file: r.file, cls: r.cls });
      r = r.cls.extends ? this.resolveBinding(r.file, r.cls.extends) : undefined;
    }
    return out;
  }

  /** Class-level coverage bound on the project classes a class derives from (Nest's `@UseInterceptors` on a base controller). */
  private inheritedCoverage(file: string, base: { ref: BindingRef; call?: true }): { file: string; c: CoverageRef }[] {
    return this.baseChain(file, base).flatMap((b) => (b.cls.coverage ?? []).map((c) => ({ file: b.file, c })));
  }

  /**
   * The targets a derived class takes from its project base classes (TargetSummary.inherits): one per
   * inheritable target of the same kind and framework on a base, unless the derived class or a nearer base
   * declares a method of that name (Nest reads a route from the method the prototype chain finds; an
   * override without the decorator is no route), nor an inherited route whose name a nearer class already
   * serves. The handler is the base's method, judged in the base's file (handlerFile).
   */
  inheritedTargets(file: string, placeholder: TargetSummary): TargetSummary[] {
    const inherits = placeholder.inherits;
    const base = placeholder.inheritsFrom;
    const own = inherits && this.summary(file)?.classes[inherits.class];
    if (!inherits || !base || !own) return [];
    const overridden = new Set(Object.keys(own.methods));
    // Nest registers a class's own routes before those it inherits: an inherited route whose method and path
    // a nearer class already serves is never reached.
    const taken = new Set<string>();
    for (const t of this.summary(file)?.targets ?? []) if (t.inheritable?.class === inherits.class && t.framework === placeholder.framework) taken.add(t.name);
    const out: TargetSummary[] = [];
    for (const b of this.baseChain(file, base)) {
      for (const t of this.summary(b.file)?.targets ?? []) {
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
        this.handlerFile.set(copy, b.file);
        this.eachCoverage.set(copy, [...(placeholder.coveredBy ?? []).map((c) => ({ file, c })), ...(t.coveredBy ?? []).filter((c) => !b.cls.coverage?.some((x) => x.line === c.line && x.text === c.text)).map((c) => ({ file: b.file, c }))]);
        out.push(copy);
      }
      for (const m of Object.keys(b.cls.methods)) overridden.add(m);
    }
    return out;
  }

  /** The functions a binding denotes as a set, by name: a module's exported functions, an object's function members. */
  private functionsOf(file: string, ref: BindingRef): { name: string; file: string; fn: FunctionSummary }[] {
    const r = this.resolveBinding(file, ref);
    const out: { name: string; file: string; fn: FunctionSummary }[] = [];
    if (r?.kind === 'module') {
      for (const name of this.exportNames(r.file, new Set())) {
        const e = this.resolveExport(r.file, name);
        if (e?.kind === 'function') out.push({ name, file: e.file, fn: e.fn });
      }
    } else if (r?.kind === 'value' && r.value.kind === 'object') {
      for (const [name, m] of Object.entries(r.value.members)) {
        const fn = m.kind === 'fn' ? this.summary(r.file)?.functions[m.id] : undefined;
        const resolved = m.kind === 'binding' ? this.resolveBinding(r.file, m.ref) : undefined;
        if (fn) out.push({ name, file: r.file, fn });
        else if (resolved?.kind === 'function') out.push({ name, file: resolved.file, fn: resolved.fn });
      }
    }
    return out;
  }

  /** Names a module exports, through `export *` (which never re-exports `default`). */
  private exportNames(file: string, seen: Set<string>): string[] {
    if (seen.has(file)) return [];
    seen.add(file);
    const s = this.summary(file);
    if (!s) return [];
    const names: string[] = [];
    for (const [name, e] of Object.entries(s.exports)) {
      if (e.kind !== 'star') {
        names.push(name);
        continue;
      }
      const target = this.resolver.resolve(file, e.specifier);
      if (target) for (const n of this.exportNames(target, seen)) if (n !== 'default' && !names.includes(n)) names.push(n);
    }
    return names;
  }

  /**
   * Registration-level coverage that reaches a target through mounts in other files: `app.use(mw)` then
   * `app.use('/api', ordersRouter)` covers the routes declared on `ordersRouter` in its own file. Units
   * mounted on a receiver that share its scope (`appliesToParent` middleware) cover it too: those mounted
   * anywhere on the target's own receiver, and those mounted before the mount that leads to it further up.
   */
  private mountedCoverage(file: string, target: TargetSummary): { file: string; c: CoverageRef }[] {
    const receiver = target.meta?.receiver;
    if (typeof receiver !== 'string') return [];
    // Units mounted on the target's own receiver share their scope with it whatever their order, unless the
    // adapter says where the route stands among its receiver's registrations (`meta.order`, Elysia).
    const order = target.meta?.order;
    const start = `${file}#${receiver}`;
    // The routes of one router share the answer (most targets of a file have the same receiver).
    if (typeof order !== 'number') {
      let memo = this.mountedMemo.get(start);
      if (!memo) this.mountedMemo.set(start, (memo = this.mountedCoverageFrom(start, Infinity)));
      return memo;
    }
    return this.mountedCoverageFrom(start, order);
  }

  private mountedCoverageFrom(start: string, startBefore: number): { file: string; c: CoverageRef }[] {
    const { byChild, byParent, shared } = this.buildMountIndex();
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
      const decl = this.importedUnit(key);
      if (decl) {
        for (const r of this.summary(decl.file)?.registrations ?? []) {
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
        const s = this.summary(mf)!;
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

  // ------------------------------------------------------------------------------------------
  // Route names

  /**
   * The name a route target is shown under: its path as its own file declares it (`meta.path`, the end of
   * its name) behind the prefixes of the mounts that lead to its router, app or plugin (`meta.receiver`),
   * followed across files, and a framework-wide prefix its package sets (`prefix` registrations: NestJS
   * `app.setGlobalPrefix('api')`). A unit mounted at several places is shown at each full path, joined
   * with ` | ` (at most three, then `(+n more)`). Only the name changes: the symbol (the fingerprint) stays.
   */
  routeName(file: string, target: TargetSummary): string {
    const path = target.meta?.path;
    if (typeof path !== 'string' || !target.name.endsWith(path)) return target.name;
    const receiver = target.meta?.receiver;
    const mounts = typeof receiver === 'string' ? this.mountPrefixes(`${file}#${receiver}`, new Set()) : [''];
    const global = this.frameworkPrefix(file, target.framework);
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
  private mountPrefixes(key: string, visiting: Set<string>): string[] {
    const memo = this.prefixMemo.get(key);
    if (memo) return memo;
    if (visiting.has(key)) return [];
    const mounts = this.buildMountIndex().byChild.get(key);
    if (!mounts?.length) return [''];
    visiting.add(key);
    const out = new Set<string>();
    for (const { file, reg } of mounts) {
      for (const parent of this.mountPrefixes(`${file}#${reg.receiver}`, visiting)) {
        if (out.size < 16) out.add(joinRoutePath(parent, reg.path ?? ''));
      }
    }
    visiting.delete(key);
    const list = out.size ? [...out] : [''];
    // Memoised only for the walk's starting unit: inside a cycle, the answer depends on where the walk entered it.
    if (visiting.size === 0) this.prefixMemo.set(key, list);
    return list;
  }

  /**
   * The framework-wide prefix that applies to a file's routes: the `prefix` registrations of its framework
   * in the same package (nearest package.json). Two different prefixes in one package (several apps
   * sharing a package.json) apply none: which app serves the route is not known.
   */
  private frameworkPrefix(file: string, framework: string): { path: string; exclude: string[] } | undefined {
    if (!this.prefixIndex) {
      this.prefixIndex = new Map();
      for (const [f, s] of this.indexed(HAS_REGISTRATIONS)) {
        for (const reg of s.registrations) {
          if (reg.type !== 'prefix') continue;
          let list = this.prefixIndex.get(reg.receiver);
          if (!list) this.prefixIndex.set(reg.receiver, (list = []));
          list.push({ file: f, reg });
        }
      }
    }
    const regs = this.prefixIndex.get(framework);
    if (!regs?.length) return undefined;
    const dir = this.packages.of(file)?.dir;
    const mine = regs.filter((r) => this.packages.of(r.file)?.dir === dir && r.reg.path !== undefined);
    const paths = new Set(mine.map((r) => r.reg.path));
    if (paths.size !== 1) return undefined;
    return { path: mine[0].reg.path!, exclude: mine.flatMap((r) => r.reg.exclude ?? []) };
  }

  /**
   * Whether the unit a target is declared on (`meta.receiver`) is mounted, directly or through other mounts,
   * by a `root` mount (TargetSummary.mountedOnly): a resolver map that reaches a GraphQL schema or server.
   */
  mountedUnderRoot(file: string, target: TargetSummary): boolean {
    const receiver = target.meta?.receiver;
    if (typeof receiver !== 'string') return false;
    const { byChild } = this.buildMountIndex();
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

  /** For a unit key `file#name` whose name is an import there: where that import is declared. */
  private importedUnit(key: string): { file: string; name: string } | undefined {
    const memo = this.importedUnitMemo.get(key);
    if (memo !== undefined) return memo ?? undefined;
    const at = key.lastIndexOf('#');
    const file = key.slice(0, at);
    const name = key.slice(at + 1);
    const decl = this.summary(file)?.imports[name] ? this.declarationOf(file, { kind: 'local', name }) : undefined;
    const unit = decl && (decl.file !== file || decl.name !== name) ? decl : undefined;
    this.importedUnitMemo.set(key, unit ?? null);
    return unit;
  }

  /**
   * The paths under which the unit `name` (a top-level binding of `file`) is mounted by name, outermost
   * first: a tRPC router mounted as `orders` in the app router gives `['orders']`. A unit mounted in
   * several places (the app router, and an OpenAPI or MCP router that re-exposes it) takes the chain whose
   * root mounts the most units — the application's main router — then the longest, then the first in file
   * order. Empty when the unit is mounted nowhere; mounts without a path add nothing.
   */
  mountPath(file: string, name: string): string[] {
    const { byName, byParent } = this.buildMountIndex();
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

  /** `global` registrations by framework: coverage that applies to every target of that framework (within its folder and name pattern, when given). */
  private buildGlobalIndex(): Map<string, GlobalCoverage[]> {
    if (this.globalIndex) return this.globalIndex;
    const index = new Map<string, GlobalCoverage[]>();
    for (const [file, s] of this.indexed(HAS_REGISTRATIONS)) {
      for (const r of s.registrations) {
        if (r.type !== 'global') continue;
        let list = index.get(r.receiver);
        if (!list) index.set(r.receiver, (list = []));
        const within = r.within === undefined ? undefined : path.join(path.dirname(file), r.within);
        list.push({ file, c: { via: 'global', ref: r.ref, text: r.text, line: r.line }, within, targets: r.targets === undefined ? undefined : nameGlobToRegExp(r.targets) });
      }
    }
    this.globalIndex = index;
    return index;
  }

  private buildMountIndex(): MountIndex {
    if (this.mountIndex) return this.mountIndex;
    return this.collect(this.globalDeps, () => this.buildMountIndexNow(), false);
  }

  private buildMountIndexNow(): MountIndex {
    const index: MountIndex = { byChild: new Map(), byName: new Map(), byParent: new Map(), shared: new Map() };
    const add = <T>(m: Map<string, T[]>, key: string, v: T) => {
      let list = m.get(key);
      if (!list) m.set(key, (list = []));
      list.push(v);
    };
    for (const [file, s] of this.indexed(HAS_REGISTRATIONS)) {
      for (const reg of s.registrations) {
        if (reg.type === 'middleware' && reg.appliesToParent) add(index.shared, `${file}#${reg.receiver}`, { file, reg });
        if (reg.type !== 'mount') continue;
        if (reg.onlyIfKind && !reg.onlyIfKind.kinds.includes(this.valueKind(file, reg.onlyIfKind.ref) ?? '')) continue;
        const keys = this.mountKeys(file, reg.ref);
        add(index.byParent, `${file}#${reg.receiver}`, { file, reg, keys });
        for (const key of keys) add(index.byChild, key, { file, reg });
        const decl = reg.ref.kind === 'binding' ? this.declarationOf(file, reg.ref.ref) : undefined;
        if (decl) add(index.byName, `${decl.file}#${decl.name}`, { file, reg });
      }
    }
    this.mountIndex = index;
    return index;
  }

  /**
   * The keys a mounted unit is known by: `file#name` of a router's declaration, and `file#fnId` of a
   * function that receives the instance as its parameter (a plugin), also through a wrapper call
   * (`register(fp(plugin))`, `const plugin = fp(async (app) => …)`).
   */
  private mountKeys(file: string, ref: CallRef, hops = 0): string[] {
    if (hops > 5) return [];
    if (ref.kind === 'fn') return [`${file}#${ref.id}`];
    if (ref.kind === 'call') return (ref.call.fnArgs ?? []).flatMap((a) => this.mountKeys(file, a, hops + 1));
    if (ref.kind === 'member') return this.memberMountKeys(file, ref.of, ref.member, hops);
    if (ref.kind !== 'binding') return [];
    const keys: string[] = [];
    const decl = this.declarationOf(file, ref.ref);
    if (decl) keys.push(`${decl.file}#${decl.name}`);
    const r = this.resolveBinding(file, ref.ref);
    if (r?.kind === 'function') keys.push(`${r.file}#${r.fn.id}`);
    if (r?.kind === 'value' && r.value.kind === 'call') {
      for (const a of r.value.call.fnArgs ?? []) keys.push(...this.mountKeys(r.file, a, hops + 1));
    }
    return keys;
  }

  /**
   * `routers.orders` mounted: a member of an object literal (`export default { orders }` in an index
   * module) or of a namespace import (`import * as routers`), followed to the unit it names.
   */
  private memberMountKeys(file: string, of: BindingRef, member: string, hops: number): string[] {
    const r = this.resolveBinding(file, of);
    if (r?.kind === 'module') {
      const e = this.summary(r.file)?.exports[member];
      if (e?.kind === 'local') return this.mountKeys(r.file, { kind: 'binding', ref: { kind: 'local', name: e.name } }, hops + 1);
      if (e?.kind === 're-export') return this.mountKeys(r.file, { kind: 'binding', ref: { kind: 'import', specifier: e.specifier, name: e.name } }, hops + 1);
      const star = this.resolveExport(r.file, member);
      return star?.kind === 'value' || star?.kind === 'function' ? this.mountKeys(star.file, { kind: 'binding', ref: { kind: 'local', name: star.kind === 'value' ? star.name : star.fn.name } }, hops + 1) : [];
    }
    if (r?.kind === 'value' && r.value.kind === 'object') {
      const m = r.value.members[member];
      return m ? this.mountKeys(r.file, m, hops + 1) : [];
    }
    return [];
  }
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

/**
 * Modules a framework loads by itself, with the server or edge runtime of the app they sit in: Next's
 * `instrumentation.ts`, Sentry's `sentry.server.config` / `sentry.edge.config`, SvelteKit's `hooks.server`,
 * Remix's `entry.server`, Nuxt and Nitro server plugins. What they register covers their whole package.
 */
const FRAMEWORK_LOADED = /(^|[\\/])(instrumentation(\.node)?|sentry\.(server|edge)\.config|hooks\.server|entry\.server)\.[cm]?[jt]sx?$|[\\/]server[\\/]plugins[\\/][^\\/]+\.[cm]?[jt]s$/;

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
