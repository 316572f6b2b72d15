// What the analysis hands to the run and to the result cache: plain data, cached whole. Its own module so the
// analysis, the caches and the run share the types without importing each other.
import type { Finding, RunResult, SuppressionDirective, TargetResult } from '../types.js';

/** What the analysis produces before suppressions, baselines and the changed-files filter. Plain data: it is cached whole. */
export interface AnalysisOutput {
  /** Every finding of the project, fingerprinted. */
  findings: Finding[];
  targets: TargetResult[];
  coverage: RunResult['summary']['coverage'];
  /** Per file with targets (display path), its coverage counts `[ruleId, targets, instrumented]`. */
  fileCoverage?: [string, [string, number, number][]][];
  unrecognised: RunResult['summary']['unrecognised'];
  /** Files analysed. */
  files: number;
  /** Files skipped while reading or analysing (reason, count). */
  skipped: [string, number][];
  /** Suppression comments by display path. */
  directives: [string, SuppressionDirective[]][];
  /**
   * Files read besides the analysed ones: tsconfig files import resolution read, the package.json files of
   * analysed packages, and the framework config files (and what they include or import) the project phase
   * read. Their changes invalidate a cached analysis.
   */
  tsconfigs: string[];
  /** What a later changed-files run needs to re-judge only what a change can affect. */
  incremental?: IncrementalState;
}

/**
 * Per file (by index in `files`, the discovery order): its size and mtime when analysed (mtime -1: changed
 * too recently to be trusted), the files whose summaries its findings and verdicts read (`deps`), its
 * coverage counts, and why it was skipped if it was. `global`: files the project-wide indexes were built
 * from. A changed-files run re-judges the changed files and those whose `deps` include one, and reuses
 * the rest; it falls back to a full run when the file set, a tsconfig or a global input changed.
 */
export interface IncrementalState {
  files: string[];
  stats: [number, number][];
  deps: number[][];
  coverage: ([string, number, number][] | 0)[];
  /** Per file: the frameworks of its entry-point targets (0: none). */
  frameworks: (string[] | 0)[];
  skipped: Record<number, string>;
  global: number[];
  tsconfigs: [string, number, number][];
  /** package.json files of the analysed packages, with a hash of their content (dependencies decide summary.unrecognised). */
  manifests: [string, string][];
  /** The framework config files discovery found: one appearing or going away means a full run. */
  configFiles?: string[];
  /**
   * Per file, its module signature (graph.moduleSignature, 0 for a skipped file), when the module graph
   * decided verdicts (an auto-instrumentation registration's reach): a changed file whose signature changed
   * means a full run.
   */
  modules?: number[];
}
