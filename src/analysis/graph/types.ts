// Types of the cross-file graph (src/analysis/graph.ts and the modules of this folder), and GraphInternals:
// the part of ProjectGraph those modules work with, so that they need not import the class itself.
import type {
  BindingRef,
  ClassSummary,
  CoverageRef,
  EvidenceStep,
  FileSummary,
  FunctionSummary,
  Registration,
  TargetSummary,
  ValueSummary,
} from '../../types.js';
import type { LibraryModel } from '../model.js';
import type { PackageScope, PackageScopes } from '../packages.js';
import type { ModuleResolver } from '../resolve.js';

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

export interface Walk {
  /** Best (smallest) depth at which each function was explored in this query (a summary's function objects are its own). */
  seen: Map<FunctionSummary, number>;
  /** Function names looked into, for the "why not" explanation. */
  looked: Set<string>;
  /** Calls into telemetry packages that the library model does not count: the callee as written → its package. */
  nearMisses?: Map<string, string>;
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

/** A `global` registration: its coverage, the folder it is limited to (as the summaries' keys are written) and the targets it applies to. */
export interface GlobalCoverage {
  file: string;
  c: CoverageRef;
  within?: string;
  /** The target-name pattern as a test on whole names. */
  targets?: RegExp;
}

/**
 * Mount registrations by the unit mounted (`byChild`) and by the receiver it is mounted on (`byParent`);
 * `shared`: middleware of units that share their parent's scope; `byName`: mounts of a unit given by name,
 * by the unit's declaration only (`byChild` also lists a plugin call's function arguments as the unit).
 */
export interface MountIndex {
  byChild: Map<string, { file: string; reg: Registration }[]>;
  byName: Map<string, { file: string; reg: Registration }[]>;
  byParent: Map<string, { file: string; reg: Registration; keys: string[] }[]>;
  shared: Map<string, { file: string; reg: Registration }[]>;
}

/** Where an instrumentation package is registered (ProjectGraph.autoIndex). */
export interface AutoRegistration {
  step: EvidenceStep;
  scope: PackageScope | undefined;
  file: string;
  runtime?: 'browser' | 'edge' | 'any';
}

/**
 * What the modules of src/analysis/graph/ use of a ProjectGraph: its inputs, its memo tables and indexes
 * (described where ProjectGraph declares them) and its primitives (dependency recording, name resolution).
 */
export interface GraphInternals {
  readonly summaries: ReadonlyMap<string, FileSummary>;
  readonly resolver: ModuleResolver;
  readonly opts: GraphOptions;
  readonly packages: PackageScopes;
  readonly globalDeps: Set<string>;

  readonly fnMemo: Map<string, { chain: EvidenceStep[] | null; deps: Set<string> }>;
  mountIndex?: MountIndex;
  globalIndex?: Map<string, GlobalCoverage[]>;
  prefixIndex?: Map<string, { file: string; reg: Registration }[]>;
  readonly prefixMemo: Map<string, string[]>;
  readonly mountedMemo: Map<string, { file: string; c: CoverageRef }[]>;
  readonly importedUnitMemo: Map<string, { file: string; name: string } | null>;
  eachIndex?: Map<string, TargetSummary[]>;
  readonly eachCoverage: WeakMap<TargetSummary, { file: string; c: CoverageRef }[]>;
  readonly handlerFile: WeakMap<TargetSummary, string>;
  autoIndex?: Map<string, AutoRegistration[]>;
  readonly importsMemo: Map<string, string[]>;
  importers?: Map<string, string[]>;
  readonly reachMemo: Map<string, Set<string> | null>;
  readonly linkedReachMemo: Map<string, { files: Set<string>; dirs: Set<string> }>;
  readonly facadeMemo: Map<string, string | null>;

  summary(file: string): FileSummary | undefined;
  collect<T>(into: Set<string>, fn: () => T, merge?: boolean): T;
  indexed(flag: number): Generator<[string, FileSummary]>;
  memoEntry<T>(file: string, fn: () => T): { value: T; deps: Set<string> };
  absorb(deps: Set<string>): void;
  outsideDependencies<T>(fn: () => T): T;
  resolveBinding(file: string, ref: BindingRef, hops?: number): Resolved | undefined;
  resolveExport(file: string, name: string, hops?: number): Resolved | undefined;
  valueKind(file: string, ref: BindingRef): string | undefined;
  methodOf(file: string, cls: ClassSummary, member: string, hops?: number): { file: string; fn: FunctionSummary } | undefined;
  declarationOf(file: string, ref: BindingRef, hops?: number): { file: string; name: string } | undefined;
}
