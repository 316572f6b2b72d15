// The analysis proper: summaries for every file (cached per file, in worker threads when it pays), the
// cross-file graph, and every finding and target verdict, fingerprinted. Loaded by run.ts only when a
// run cannot be answered from the result cache, so a warm run never loads the compiler.
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { createHash } from 'node:crypto';
import type { ResolvedConfig } from '../config/types.js';
import { BUILTIN_TELEMETRY_DECORATORS } from '../analysis/emissions.js';
import { compileTelemetry } from '../analysis/summarize.js';
import { ModuleResolver } from '../analysis/resolve.js';
import { ProjectGraph, moduleSignature, type VerdictOptions } from '../analysis/graph.js';
import { isEntryPoint, unrecognisedFrameworks } from '../analysis/entry-frameworks.js';
import { buildModel } from './library.js';
import { readSource } from './read.js';
import { createFileWork, type FileWorkSettings } from './file-work.js';
import { statOf, type FileStat } from './discover.js';
import { displayPath, stdinFile } from './paths.js';
import { defaultConcurrency, summarizeMany, threadsFor } from './pool.js';
import { DamagedCacheError, SummaryCache, contentHash, defaultCacheLocation } from './cache.js';
import { SummarySet, summaryFlags } from '../analysis/summary-set.js';
import { formatMessage } from './rule.js';
import { ALL_RULES } from './registry.js';
import { PROJECT_HOOKS, deferredTargetFields } from '../adapters/index.js';
import { loadConfigParsers, runProjectPhase } from '../analysis/framework-config.js';
import { TOOL_VERSION, codeStamp } from './package.js';
import type { ActiveRule, CheckOptions } from './run.js';
import { fingerprint } from './fingerprint.js';
import type { FileSummary, Finding, ReportedSeverity, RunResult, Span, SuppressionDirective, TargetResult } from '../types.js';

/** What the analysis produces before suppressions, baselines and the changed-files filter. Plain data: it is cached whole. */
export interface AnalysisOutput {
  /** Every finding of the project, fingerprinted. */
  findings: Finding[];
  targets: TargetResult[];
  coverage: RunResult['summary']['coverage'];
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

/** One file's share of the output. */
interface FileOutput {
  raw: Omit<Finding, 'fingerprint'>[];
  targets: TargetResult[];
  /** rule id, targets, instrumented — in the order the rules met their first target. */
  coverage: [string, number, number][];
  /** Frameworks of the file's entry-point targets, whether or not a rule judged them. */
  frameworks: string[];
}

/** Changed files beyond this share of the project make a full run cheaper than working out what to keep. */
const INCREMENTAL_MAX_SHARE = 0.05;
/** A file modified this recently may change again within the same mtime tick: its metadata is not trusted. */
const RECENT_MS = 2000;

export async function analyze(
  files: string[],
  config: ResolvedConfig,
  active: ActiveRule[],
  o: CheckOptions,
  stats?: ReadonlyMap<string, FileStat>,
  previous?: AnalysisOutput,
  configFiles: string[] = [],
): Promise<AnalysisOutput> {
  // The active rules carry metadata only; here the rules' code is needed.
  const code = new Map(ALL_RULES.map((r) => [r.meta.id, r]));
  const rules = active.map((r) => ({ ...r, rule: code.get(r.rule.meta.id)! }));
  const skipped = new Map<string, string>();
  const display = (abs: string) => displayPath(o.cwd, abs);

  const model = buildModel();
  const telemetryDecorators = new Set([...BUILTIN_TELEMETRY_DECORATORS, ...config.telemetry.decorators]);
  const settings: FileWorkSettings = {
    cwd: o.cwd,
    config,
    rules: rules.filter((r) => r.rule.create).map((r) => ({ id: r.rule.meta.id, options: r.options })),
    ...(o.debug ? { timing: true } : {}),
  };
  const debug = o.debug;
  const { summaries, cache } = await summarizeWithCache(files, settings, o, skipped, stats);
  if (debug) for (const r of rules) debug.ruleRan(r.rule.meta.id);

  const resolver = new ModuleResolver(new Set(summaries.keys()), config.tsconfig && path.resolve(o.cwd, config.tsconfig));
  const graph = new ProjectGraph(summaries, resolver, {
    maxDepth: config.callDepth,
    model,
    wrappers: compileTelemetry(config).wrappers,
    telemetryDecorators,
    display,
    trackDependencies: o.cache === true,
  });

  const bySeverity = (r: ActiveRule): ReportedSeverity => (o.advisory ? 'warn' : r.severity);
  const parseRule = rules.find((r) => r.rule.meta.id === 'doctrines/parse-error');
  const analysisRule = rules.find((r) => r.rule.meta.id === 'doctrines/analysis-error');
  /** A finding of an engine rule (a file that does not parse or cannot be analysed, a malformed config file). */
  const engineFinding = (r: ActiveRule, messageId: string, data: Record<string, string>, file: string, span: Span, symbol: string): Omit<Finding, 'fingerprint'> => ({
    ruleId: r.rule.meta.id,
    pillar: r.rule.meta.pillar,
    severity: bySeverity(r),
    message: formatMessage(r.rule.meta.messages[messageId], data),
    file,
    ...span,
    help: r.rule.meta.help,
    symbol,
  });
  const configRule = rules.find((r) => r.rule.meta.id === 'doctrines/config-file-error');

  // Entry points declared in framework config files and in other files (CDK): targets the walk could not know.
  const projectStarted = performance.now();
  if (configFiles.length) await loadConfigParsers();
  const project = runProjectPhase(PROJECT_HOOKS, { cwd: o.cwd, configFiles, summaries, graph, resolver, display, onDiagnostic: o.onDiagnostic });
  debug?.phase('project', performance.now() - projectStarted, configFiles.length ? `framework config files: ${configFiles.length}` : '');

  /** Findings, target verdicts and coverage of one file. */
  const judgeFile = (abs: string, s: FileSummary): FileOutput => {
    const fileTargets = project.targets.get(abs) ?? s.targets;
    const out: FileOutput = { raw: [], targets: [], coverage: [], frameworks: [] };
    const raw = out.raw;
    const file = display(abs);
    if (analysisRule && s.analysisError) {
      const { reason, line, column } = s.analysisError;
      raw.push(engineFinding(analysisRule, 'failed', { reason }, file, { line, column, endLine: line, endColumn: column }, '<analysis>'));
    }
    if (parseRule && s.parseErrors.length) {
      const first = s.parseErrors[0];
      raw.push(engineFinding(parseRule, 'parse', { message: first.message, count: String(s.parseErrors.length) }, file, first.span, '<parse>'));
    }
    for (const f of s.findings) {
      const r = rules.find((x) => x.rule.meta.id === f.ruleId);
      if (!r) continue;
      if (f.unlessConstant?.every((b) => graph.isConstant(abs, b))) continue;
      if (f.onlyIfKind && !f.onlyIfKind.kinds.includes(graph.valueKind(abs, f.onlyIfKind.ref) ?? '')) continue;
      raw.push({
        ruleId: f.ruleId,
        pillar: r.rule.meta.pillar,
        severity: bySeverity(r),
        message: formatMessage(r.rule.meta.messages[f.messageId] ?? f.messageId, f.data),
        file,
        ...f.span,
        ...(f.target ? { target: f.target } : {}),
        // A finding may have its own help, from its data (`For pino, …`): RuleMeta.findingHelp.
        help: formatMessage(r.rule.meta.findingHelp?.[f.messageId] ?? r.rule.meta.help, f.data),
        symbol: f.symbol,
      });
    }
    const each = graph.eachTargets(abs);
    let all = each.length ? [...fileTargets, ...each] : fileTargets;
    // A derived class's placeholder stands for the targets it inherits, judged here.
    if (all.some((t) => t.inherits)) all = all.flatMap((t) => (t.inherits ? graph.inheritedTargets(abs, t) : [t]));
    for (const deferred of all) {
      // A placeholder is judged as the targets it stands for, in the files that declare them; a base class's
      // route only as the routes of the classes derived from it.
      if (deferred.each || deferred.inheritable?.abstract) continue;
      let t = deferred;
      if (deferred.deferred) {
        const kind = graph.valueKind(abs, deferred.deferred.ref);
        const fields = kind ? deferredTargetFields(deferred.deferred.call, kind) : undefined;
        if (!fields) continue;
        t = { ...deferred, ...fields };
      }
      if (t.onlyIfKind) {
        const { ref, kinds, call } = t.onlyIfKind;
        if (!kinds.includes((call ? graph.memberCallKind(abs, ref, call) : graph.valueKind(abs, ref)) ?? '')) continue;
      }
      if (t.mountedOnly && !graph.mountedUnderRoot(abs, t)) continue;
      if (t.requiresPackage && !graph.packageProvides(abs, o.cwd, t.requiresPackage)) continue;
      if (t.mountedName) {
        const { unit, prefix, path: under, separator } = t.mountedName;
        const mounted = graph.mountPath(abs, unit);
        if (mounted.length) t = { ...t, name: prefix + [...mounted, under].filter(Boolean).join(separator) };
      }
      if (isEntryPoint(t.kind) && !out.frameworks.includes(t.framework)) out.frameworks.push(t.framework);
      // A route's name carries the prefixes it is mounted under, found across files (its symbol stays).
      if (t.meta?.path !== undefined) {
        const name = graph.routeName(abs, t);
        if (name !== t.name) t = { ...t, name };
      }
      for (const r of rules) {
        if (!r.rule.checkTarget || r.rule.meta.targetKind !== t.kind) continue;
        let verdict: ReturnType<ProjectGraph['evaluateTarget']> | undefined;
        const getVerdict = (vo?: VerdictOptions) => (verdict ??= graph.evaluateTarget(abs, t, vo));
        const judging = debug ? performance.now() : 0;
        const applies = r.rule.checkTarget(t, {
          options: r.options,
          verdict: getVerdict,
          report: (messageId, data) =>
            raw.push({
              ruleId: r.rule.meta.id,
              pillar: r.rule.meta.pillar,
              severity: bySeverity(r),
              message: formatMessage(r.rule.meta.messages[messageId] ?? messageId, data),
              file,
              ...t.span,
              target: { kind: t.kind, name: t.name, framework: t.framework },
              help: r.rule.meta.help,
              symbol: t.symbol,
            }),
        });
        if (applies === false) {
          debug?.rule(r.rule.meta.id, 'judge', performance.now() - judging);
          continue;
        }
        const v = getVerdict();
        debug?.rule(r.rule.meta.id, 'judge', performance.now() - judging, 1);
        let c = out.coverage.find((x) => x[0] === r.rule.meta.id);
        if (!c) out.coverage.push((c = [r.rule.meta.id, 0, 0]));
        c[1]++;
        if (v.instrumented) c[2]++;
        if (o.explain) {
          out.targets.push({
            ruleId: r.rule.meta.id,
            kind: t.kind,
            framework: t.framework,
            name: t.name,
            file,
            line: t.span.line,
            column: t.span.column,
            instrumented: v.instrumented,
            evidence: v.evidence,
            ...(v.reason ? { reason: v.reason } : {}),
          });
        }
      }
    }
    return out;
  };

  const index = new Map(files.map((f, i) => [f, i]));
  const plan = previous?.incremental && o.changed ? planIncremental(files, previous.incremental, stats, skipped, summaries, configFiles) : undefined;
  const reused = plan ? previousByFile(previous!) : undefined;
  if (plan) o.onDiagnostic?.(`changed-files run: judging ${plan.dirty.size} of ${files.length} files again (the changed ones and those that depend on them), reusing the rest`);
  else if (previous?.incremental && o.changed) o.onDiagnostic?.('changed-files run: judging every file (the file set, a tsconfig, project-wide registrations or many files changed)');

  const raw: Omit<Finding, 'fingerprint'>[] = [];
  const targets: TargetResult[] = [];
  const coverage: RunResult['summary']['coverage'] = {};
  const directives: [string, SuppressionDirective[]][] = [];
  const state: IncrementalState = { files, stats: [], deps: [], coverage: [], frameworks: [], skipped: {}, global: [], tsconfigs: [], manifests: [], configFiles };
  const now = Date.now();
  // What a later changed-files run needs is kept only when there is a cache to keep it in.
  const track = o.cache === true;
  let judged = 0;
  const judgeStarted = performance.now();
  for (let i = 0; i < files.length; i++) {
    const abs = files[i];
    const st = statOf(abs, stats);
    state.stats.push(st ? [st.size, now - st.mtimeMs < RECENT_MS ? -1 : st.mtimeMs] : [-1, -1]);
    const why = skipped.get(abs);
    if (why !== undefined) {
      state.skipped[i] = why;
      state.deps.push([]);
      state.coverage.push(0);
      state.frameworks.push(0);
      continue;
    }
    o.onProgress?.({ phase: 'targets', done: judged++, total: summaries.size });
    let out: FileOutput;
    if (plan && reused && !plan.dirty.has(i)) {
      const file = display(abs);
      out = {
        raw: (reused.findings.get(file) ?? []).map(({ fingerprint: _, ...f }) => f),
        targets: reused.targets.get(file) ?? [],
        coverage: plan.prev.coverage[i] || [],
        frameworks: plan.prev.frameworks[i] || [],
      };
      state.deps.push(plan.prev.deps[i]);
      const d = reused.directives.get(file);
      if (d) directives.push([file, d]);
    } else {
      const s = summaries.get(abs)!;
      if (track) {
        const deps = new Set<string>([abs]);
        out = graph.collect(deps, () => judgeFile(abs, s), false);
        state.deps.push([...deps].map((f) => index.get(f)).filter((n): n is number => n !== undefined));
      } else out = judgeFile(abs, s);
      if (s.suppressions?.length) directives.push([display(abs), s.suppressions]);
    }
    raw.push(...out.raw);
    targets.push(...out.targets);
    for (const [id, t, n] of out.coverage) {
      const c = (coverage[id] ??= { targets: 0, instrumented: 0 });
      c.targets += t;
      c.instrumented += n;
    }
    state.coverage.push(out.coverage.length ? out.coverage : 0);
    state.frameworks.push(out.frameworks.length ? out.frameworks : 0);
  }

  debug?.phase('judge', performance.now() - judgeStarted, `${plan ? `${plan.dirty.size} of ${files.length}` : summaries.size} files' targets and findings, with the cross-file graph`);
  if (configRule) {
    for (const e of project.errors) {
      const span = { line: e.line, column: e.column, endLine: e.line, endColumn: e.column + 1 };
      raw.push(engineFinding(configRule, 'malformed', { kind: e.kind, message: e.message }, e.file, span, '<config>'));
    }
  }

  // Target rules with no target still show in coverage (0 of 0), so "no handlers found" is visible.
  for (const r of rules) if (r.rule.meta.targetKind) coverage[r.rule.meta.id] ??= { targets: 0, instrumented: 0 };

  const analysed = files.flatMap((f, i): [string, readonly string[]][] => (skipped.has(f) ? [] : [[f, state.frameworks[i] || []]]));
  const { unrecognised, manifests } = unrecognisedFrameworks(analysed, display);
  const read = [...resolver.tsconfigFiles(), ...project.inputs];
  const tsconfigs = plan ? [...new Set([...plan.prev.tsconfigs.map(([f]) => f), ...read])].sort() : [...new Set(read)].sort();
  // package.json files are compared by content in a changed-files run (a hook runs right after edits,
  // when an mtime is too recent to trust) and by size and mtime for the result cache, as tsconfigs are.
  state.manifests = manifests.map((f) => [f, fileHash(f)]);
  state.global = plan
    ? plan.prev.global
    : [...new Set([...graph.globalDeps, ...project.deps])].map((f) => index.get(f)!).filter((n) => n !== undefined);
  state.modules =
    plan?.prev.modules ?? (graph.usedModuleGraph ? files.map((f) => (skipped.has(f) ? 0 : moduleSignature(summaries.get(f)!))) : undefined);
  state.tsconfigs = tsconfigs.map((f) => {
    const st = statOf(f);
    return [f, st?.size ?? -1, st && now - st.mtimeMs >= RECENT_MS ? st.mtimeMs : -1];
  });
  // Saved after judging: a cached summary found damaged when the graph first read it was analysed again then.
  cache?.save();
  const skippedCounts = new Map<string, number>();
  for (const why of skipped.values()) skippedCounts.set(why, (skippedCounts.get(why) ?? 0) + 1);
  return {
    findings: fingerprint(raw),
    targets: o.explain ? targets : [],
    coverage,
    unrecognised,
    files: summaries.size,
    skipped: [...skippedCounts],
    directives,
    tsconfigs: [...tsconfigs, ...manifests].sort(),
    ...(track ? { incremental: state } : {}),
  };
}

/** The summary of a file that was read but could not be analysed: nothing in it, and why. */
function unanalysed(file: string, analysisError: NonNullable<FileSummary['analysisError']>): FileSummary {
  return {
    file,
    imports: {},
    exports: {},
    functions: {},
    classes: {},
    values: {},
    targets: [],
    registrations: [],
    findings: [],
    parseErrors: [],
    analysisError,
  };
}

/** A file's content hash (the summary cache's), or '' when it cannot be read. */
function fileHash(file: string): string {
  try {
    return contentHash(fs.readFileSync(file, 'utf8'));
  } catch {
    return '';
  }
}

/** The previous output's findings, explain targets and suppression comments, by display path. */
function previousByFile(previous: AnalysisOutput) {
  const group = <T extends { file: string }>(list: T[]) => {
    const m = new Map<string, T[]>();
    for (const x of list) {
      let l = m.get(x.file);
      if (!l) m.set(x.file, (l = []));
      l.push(x);
    }
    return m;
  };
  return { findings: group(previous.findings), targets: group(previous.targets), directives: new Map(previous.directives) };
}

/**
 * Which files a changed-files run must judge again, or undefined when it must judge everything: the file
 * set or a tsconfig changed, too many files changed, or a change touches what project-wide indexes are
 * built from (registrations, auto-instrumentation, placeholders of targets in other files).
 */
function planIncremental(
  files: string[],
  prev: IncrementalState,
  stats: ReadonlyMap<string, FileStat> | undefined,
  skipped: Map<string, string>,
  summaries: SummarySet,
  configFiles: string[],
): { dirty: Set<number>; prev: IncrementalState } | undefined {
  if (prev.files.length !== files.length || prev.files.some((f, i) => f !== files[i])) return undefined;
  const prevConfigs = prev.configFiles ?? [];
  if (prevConfigs.length !== configFiles.length || prevConfigs.some((f, i) => f !== configFiles[i])) return undefined;
  for (const [f, size, mtimeMs] of prev.tsconfigs) {
    const st = statOf(f);
    if (mtimeMs < 0 || !st || st.size !== size || st.mtimeMs !== mtimeMs) return undefined;
  }
  for (const [f, hash] of prev.manifests) if (fileHash(f) !== hash) return undefined;
  const changed: number[] = [];
  for (let i = 0; i < files.length; i++) {
    const [size, mtimeMs] = prev.stats[i];
    const st = statOf(files[i], stats);
    const wasSkipped = prev.skipped[i] !== undefined;
    if (mtimeMs < 0 || !st || st.size !== size || st.mtimeMs !== mtimeMs || wasSkipped !== skipped.has(files[i])) changed.push(i);
  }
  if (changed.length > Math.max(50, files.length * INCREMENTAL_MAX_SHARE)) return undefined;
  const global = new Set(prev.global);
  for (const i of changed) {
    if (global.has(i)) return undefined;
    if (!skipped.has(files[i]) && summaryFlags(summaries.get(files[i])!)) return undefined;
    // An import added or removed can change what a registration of auto-instrumentation reaches.
    if (prev.modules && (skipped.has(files[i]) ? 0 : moduleSignature(summaries.get(files[i])!)) !== prev.modules[i]) return undefined;
  }
  const dirty = new Set(changed);
  const changedSet = new Set(changed);
  prev.deps.forEach((deps, i) => {
    if (!dirty.has(i) && deps.some((d) => changedSet.has(d))) dirty.add(i);
  });
  return { dirty, prev };
}

/**
 * Summaries for every file: from the cache when the file is unchanged, else from the per-file walk
 * (in worker threads when there are enough files).
 */
async function summarizeWithCache(
  files: string[],
  settings: FileWorkSettings,
  o: CheckOptions,
  skipped: Map<string, string>,
  stats: ReadonlyMap<string, FileStat> | undefined,
): Promise<{ summaries: SummarySet; cache: SummaryCache | undefined }> {
  const started = performance.now();
  const key = createHash('sha1')
    .update(JSON.stringify([TOOL_VERSION, codeStamp(), settings.cwd, settings.config, settings.rules]))
    .digest('hex');
  const cache = o.cache === true ? new SummaryCache(o.cacheLocation ?? defaultCacheLocation(o.cwd), key, o.onDiagnostic) : undefined;
  let work: ReturnType<typeof createFileWork> | undefined;
  /** A cached summary, or when its entry turns out damaged, the file analysed again now (and stored anew). */
  const fromCache = (abs: string, load: () => FileSummary) => (): FileSummary => {
    try {
      return load();
    } catch (err) {
      if (!(err instanceof DamagedCacheError)) throw err;
      cache!.discard(abs, err.message);
      const out = (work ??= createFileWork(settings))(abs);
      if (out.ok) {
        cache!.store(abs, undefined, out.summary);
        return out.summary;
      }
      return unanalysed(displayPath(settings.cwd, abs), { reason: out.reason, ...(out.ok === false && out.position ? out.position : { line: 1, column: 1 }) });
    }
  };
  const found = new Map<string, FileSummary | (() => FileSummary)>();
  const flags = new Map<string, number>();
  const todo: string[] = [];
  const texts = new Map<string, string>();
  // A `--stdin` text: analysed on this thread from the text (a worker would read the disk), never cached.
  const stdin = o.stdin && stdinFile(o.cwd, o.stdin.filename);
  for (const abs of files) {
    if (abs === stdin) continue;
    if (!cache) {
      todo.push(abs);
      continue;
    }
    let unreadable: string | undefined;
    const hit = cache.lookup(abs, () => {
      const src = readSource(abs);
      if (src.ok) return src.text;
      unreadable = src.reason;
      return undefined;
    }, stats);
    if (hit.summary) {
      found.set(abs, fromCache(abs, hit.summary));
      flags.set(abs, hit.flags ?? 0);
    } else if (unreadable) skipped.set(abs, unreadable);
    else {
      todo.push(abs);
      if (hit.text !== undefined) texts.set(abs, hit.text);
    }
  }
  const cached = files.length - todo.length - (stdin ? 1 : 0);
  const concurrency = o.concurrency ?? defaultConcurrency(os.availableParallelism());
  o.debug?.fact('summaries', cache ? `${cached} of ${files.length} files from the cache, ${todo.length} analysed` : `${files.length} files analysed (no cache)`);
  o.debug?.fact('threads', `${threadsFor(todo.length, concurrency)} (--concurrency ${concurrency})`);
  const outcomes = await summarizeMany(
    todo,
    settings,
    concurrency,
    texts,
    o.onProgress && ((done) => o.onProgress!({ phase: 'files', done: cached + done, total: files.length })),
  );
  if (stdin) {
    todo.push(stdin);
    outcomes.push((work ??= createFileWork(settings))(stdin, o.stdin!.text));
  }
  if (o.debug) {
    let parse = 0;
    let walk = 0;
    for (const out of outcomes) {
      if (!out.ok || !out.timing) continue;
      parse += out.timing.parse;
      walk += out.timing.total - out.timing.parse;
      for (const [id, ms] of out.timing.rules) o.debug.rule(id, 'walk', ms);
    }
    o.debug.phase('files', performance.now() - started, `${files.length} files: ${cached} summaries from the cache, the rest read, parsed and walked`);
    o.debug.phase('  parse', parse, `${outcomes.length} files (CPU time, summed over threads)`);
    o.debug.phase('  walk', walk, 'adapters, summaries and the rules\' visitors (rules: below)');
  }
  outcomes.forEach((out, i) => {
    const abs = todo[i];
    if (out.ok) {
      found.set(abs, out.summary);
      if (abs !== stdin) cache?.store(abs, texts.get(abs), out.summary);
    } else if (out.analysis) {
      // Read but not analysed: reported as a finding, never dropped; not cached, so a later version retries.
      found.set(abs, unanalysed(displayPath(settings.cwd, abs), { reason: out.reason, ...(out.position ?? { line: 1, column: 1 }) }));
      if (out.detail) o.onDiagnostic?.(out.detail);
    } else {
      skipped.set(abs, out.reason);
      if (out.detail) o.onDiagnostic?.(out.detail);
    }
  });
  // Keep the discovery order: results must not depend on which thread finished first.
  const summaries = new SummarySet();
  for (const f of files) {
    const s = found.get(f);
    if (s) summaries.add(f, s, flags.get(f));
  }
  return { summaries, cache };
}
