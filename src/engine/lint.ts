// The analysis over summaries, without caches: the cross-file graph, entry points declared in framework
// config files, every file judged (or its earlier output reused, when the incremental layer says so), the
// findings of malformed config files, coverage and frameworks found. analyze.ts wraps it with the summary
// cache, the incremental plan and what a later changed-files run needs.
import path from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import { BUILTIN_TELEMETRY_DECORATORS } from '../analysis/emissions.js';
import { compileTelemetry } from '../analysis/summarize.js';
import { ModuleResolver } from '../analysis/resolve.js';
import { ProjectGraph, moduleSignature } from '../analysis/graph.js';
import { unrecognisedFrameworks } from '../analysis/entry-frameworks.js';
import { loadConfigParsers, runProjectPhase } from '../analysis/framework-config.js';
import type { SummarySet } from '../analysis/summary-set.js';
import { PROJECT_HOOKS } from '../adapters/index.js';
import { buildModel } from './library.js';
import { createJudge, toFinding, type FileOutput, type RunningRule } from './judge.js';
import type { DebugLog } from './debug.js';
import type { ProgressEvent } from '../progress.js';
import type { Finding, RunResult, SuppressionDirective, TargetResult } from '../types.js';

export interface LintInput {
  cwd: string;
  /** Every discovered file, in discovery order; `summaries` holds those not `skipped`. */
  files: string[];
  summaries: SummarySet;
  skipped: ReadonlyMap<string, string>;
  config: ResolvedConfig;
  rules: RunningRule[];
  configFiles: string[];
  advisory: boolean;
  explain: boolean;
  /** Name the project's exported tracer on uninstrumented targets' findings (for suggestions: `--unsafe`, the editor). */
  projectTracers?: boolean;
  display: (abs: string) => string;
  /** Record which files each judged file's output read (for a later changed-files run). */
  trackDependencies: boolean;
  /** A file's earlier output, when it need not be judged again (by index in `files`). */
  reuse?: (i: number) => { out: FileOutput; deps: number[]; directives?: SuppressionDirective[] } | undefined;
  onDiagnostic?: (message: string) => void;
  onProgress?: (e: ProgressEvent) => void;
  debug?: DebugLog;
  /**
   * Only the per-file outputs (the language server's session): no project-wide findings, coverage, frameworks
   * report or module signatures, which cost a pass over every file and package.json.
   */
  perFileOnly?: boolean;
}

export interface LintResult {
  raw: Omit<Finding, 'fingerprint'>[];
  targets: TargetResult[];
  coverage: RunResult['summary']['coverage'];
  directives: [string, SuppressionDirective[]][];
  /** Per file (undefined: skipped): its output and, when tracked or reused, the files (indexes) it read. */
  perFile: ({ out: FileOutput; deps: number[] } | undefined)[];
  unrecognised: RunResult['summary']['unrecognised'];
  /** package.json files of the analysed packages. */
  manifests: string[];
  /** tsconfig files import resolution read, and files the project phase read. */
  read: string[];
  /** Files the project-wide indexes were built from. */
  globalDeps: string[];
  /** Per file, its module signature, when the module graph decided verdicts (0 for a skipped file). */
  modules?: number[];
  /** Whether the module graph decided verdicts (auto-instrumentation scoped by what loads it). */
  usedModuleGraph: boolean;
}

export async function lint(input: LintInput): Promise<LintResult> {
  const { files, summaries, skipped, config, rules, display, debug } = input;
  const resolver = new ModuleResolver(new Set(summaries.keys()), config.tsconfig && path.resolve(input.cwd, config.tsconfig));
  const graph = new ProjectGraph(summaries, resolver, {
    maxDepth: config.callDepth,
    model: buildModel(),
    wrappers: compileTelemetry(config).wrappers,
    telemetryDecorators: new Set([...BUILTIN_TELEMETRY_DECORATORS, ...config.telemetry.decorators]),
    display,
    trackDependencies: input.trackDependencies,
  });

  // Entry points declared in framework config files and in other files (CDK): targets the walk could not know.
  const projectStarted = performance.now();
  if (input.configFiles.length) await loadConfigParsers();
  const project = runProjectPhase(PROJECT_HOOKS, { cwd: input.cwd, configFiles: input.configFiles, summaries, graph, resolver, display, onDiagnostic: input.onDiagnostic });
  debug?.phase('project', performance.now() - projectStarted, input.configFiles.length ? `framework config files: ${input.configFiles.length}` : '');

  const judgeFile = createJudge({ cwd: input.cwd, rules, graph, project, display, advisory: input.advisory, explain: input.explain, projectTracers: input.projectTracers === true, debug });
  const index = new Map(files.map((f, i) => [f, i]));
  const raw: Omit<Finding, 'fingerprint'>[] = [];
  const targets: TargetResult[] = [];
  const coverage: RunResult['summary']['coverage'] = {};
  const directives: [string, SuppressionDirective[]][] = [];
  const perFile: LintResult['perFile'] = [];
  let judged = 0;
  let reusedCount = 0;
  const judgeStarted = performance.now();
  for (let i = 0; i < files.length; i++) {
    const abs = files[i];
    if (skipped.has(abs)) {
      perFile.push(undefined);
      continue;
    }
    input.onProgress?.({ phase: 'targets', done: judged++, total: summaries.size });
    const earlier = input.reuse?.(i);
    let out: FileOutput;
    let deps: number[] = [];
    if (earlier) {
      reusedCount++;
      out = earlier.out;
      deps = earlier.deps;
      if (earlier.directives) directives.push([display(abs), earlier.directives]);
    } else {
      const s = summaries.get(abs)!;
      if (input.trackDependencies) {
        const read = new Set<string>([abs]);
        out = graph.collect(read, () => judgeFile(abs, s), false);
        deps = [...read].map((f) => index.get(f)).filter((n): n is number => n !== undefined);
      } else out = judgeFile(abs, s);
      if (s.suppressions?.length) directives.push([display(abs), s.suppressions]);
    }
    perFile.push({ out, deps });
    if (input.perFileOnly) continue;
    raw.push(...out.raw);
    targets.push(...out.targets);
    for (const [id, t, n] of out.coverage) {
      const c = (coverage[id] ??= { targets: 0, instrumented: 0 });
      c.targets += t;
      c.instrumented += n;
    }
  }
  debug?.phase('judge', performance.now() - judgeStarted, `${input.reuse ? `${summaries.size - reusedCount} of ${files.length}` : summaries.size} files' targets and findings, with the cross-file graph`);

  if (input.perFileOnly) {
    return { raw, targets, coverage, directives, perFile, unrecognised: [], manifests: [], read: [], globalDeps: [], usedModuleGraph: graph.usedModuleGraph };
  }
  const configRule = rules.find((r) => r.rule.meta.id === 'doctrines/config-file-error');
  if (configRule) {
    for (const e of project.errors) {
      const span = { line: e.line, column: e.column, endLine: e.line, endColumn: e.column + 1 };
      raw.push(toFinding(configRule, input.advisory, 'malformed', { kind: e.kind, message: e.message }, e.file, span, '<config>'));
    }
  }

  // Target rules with no target still show in coverage (0 of 0), so "no handlers found" is visible.
  for (const r of rules) if (r.rule.meta.targetKind) coverage[r.rule.meta.id] ??= { targets: 0, instrumented: 0 };

  const analysed = files.flatMap((f, i): [string, readonly string[]][] => (skipped.has(f) ? [] : [[f, perFile[i]!.out.frameworks]]));
  const { unrecognised, manifests } = unrecognisedFrameworks(analysed, display);
  return {
    raw,
    targets,
    coverage,
    directives,
    perFile,
    unrecognised,
    manifests,
    read: [...resolver.tsconfigFiles(), ...project.inputs],
    globalDeps: [...new Set([...graph.globalDeps, ...project.deps])],
    usedModuleGraph: graph.usedModuleGraph,
    ...(graph.usedModuleGraph ? { modules: files.map((f) => (skipped.has(f) ? 0 : moduleSignature(summaries.get(f)!))) } : {}),
  };
}
