// The analysis proper: summaries for every file (cached per file, in worker threads when it pays), the
// cross-file graph, and every finding and target verdict, fingerprinted. Loaded by run.ts only when a
// run cannot be answered from the result cache, so a warm run never loads the compiler.
import fs from 'node:fs';
import os from 'node:os';
import { createHash } from 'node:crypto';
import type { ResolvedConfig } from '../config/types.js';
import { moduleSignature } from '../analysis/graph.js';
import { readSource } from './read.js';
import { createFileWork, type FileWorkSettings } from './file-work.js';
import { statOf, type FileStat } from './discover.js';
import { displayPath, stdinFile } from './paths.js';
import { defaultConcurrency, summarizeMany, threadsFor } from './pool.js';
import { DamagedCacheError, SummaryCache, contentHash, defaultCacheLocation } from './cache.js';
import { SummarySet, summaryFlags } from '../analysis/summary-set.js';
import { ALL_RULES } from './registry.js';
import { TOOL_VERSION, codeStamp } from './package.js';
import type { ActiveRule, CheckOptions } from './options.js';
import type { RunningRule } from './judge.js';
import { lint } from './lint.js';
import { fingerprint } from './fingerprint.js';
import { filesToJudge, readersIndex } from './incremental.js';
import type { AnalysisOutput, IncrementalState } from './output.js';
import type { FileSummary } from '../types.js';

export type { AnalysisOutput, IncrementalState } from './output.js';

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
  const rules: RunningRule[] = active.map((r) => ({ ...r, rule: code.get(r.rule.meta.id)! }));
  const skipped = new Map<string, string>();
  const display = (abs: string) => displayPath(o.cwd, abs);
  const settings: FileWorkSettings = {
    cwd: o.cwd,
    config,
    rules: rules.filter((r) => r.rule.create).map((r) => ({ id: r.rule.meta.id, options: r.options })),
    ...(o.debug ? { timing: true } : {}),
  };
  const { summaries, cache } = await summarizeWithCache(files, settings, o, skipped, stats);
  if (o.debug) for (const r of rules) o.debug.ruleRan(r.rule.meta.id);

  const plan = previous?.incremental ? planIncremental(files, previous.incremental, stats, skipped, summaries, configFiles) : undefined;
  const reused = plan ? previousByFile(previous!) : undefined;
  if (plan) o.onDiagnostic?.(`incremental run: judging ${plan.dirty.size} of ${files.length} files again (the changed ones and those that depend on them), reusing the rest`);
  else if (previous?.incremental) o.onDiagnostic?.('incremental run: judging every file (the file set, a tsconfig, project-wide registrations or many files changed)');

  // What a later changed-files run needs is kept only when there is a cache to keep it in.
  const track = o.cache === true;
  const result = await lint({
    cwd: o.cwd,
    files,
    summaries,
    skipped,
    config,
    rules,
    configFiles,
    advisory: o.advisory,
    explain: o.explain,
    projectTracers: o.suggestions === true,
    display,
    trackDependencies: track,
    reuse:
      plan && reused
        ? (i) => {
            if (plan.dirty.has(i)) return undefined;
            const file = display(files[i]);
            return {
              out: {
                raw: (reused.findings.get(file) ?? []).map(({ fingerprint: _, ...f }) => f),
                targets: reused.targets.get(file) ?? [],
                coverage: plan.prev.coverage[i] || [],
                frameworks: plan.prev.frameworks[i] || [],
              },
              deps: plan.prev.deps[i],
              directives: reused.directives.get(file),
            };
          }
        : undefined,
    onDiagnostic: o.onDiagnostic,
    onProgress: o.onProgress,
    debug: o.debug,
  });

  // Per file, its coverage counts: what coverage per owner (CODEOWNERS) is added up from.
  const fileCoverage: [string, [string, number, number][]][] = [];
  for (let i = 0; i < files.length; i++) {
    const counts = result.perFile[i]?.out.coverage;
    if (counts?.length) fileCoverage.push([display(files[i]), counts]);
  }
  const now = Date.now();
  const state: IncrementalState = { files, stats: [], deps: [], coverage: [], frameworks: [], skipped: {}, global: [], tsconfigs: [], manifests: [], configFiles };
  for (let i = 0; i < files.length; i++) {
    const st = statOf(files[i], stats);
    state.stats.push(st ? [st.size, now - st.mtimeMs < RECENT_MS ? -1 : st.mtimeMs] : [-1, -1]);
    const judged = result.perFile[i];
    if (!judged) {
      state.skipped[i] = skipped.get(files[i])!;
      state.deps.push([]);
      state.coverage.push(0);
      state.frameworks.push(0);
      continue;
    }
    state.deps.push(judged.deps);
    state.coverage.push(judged.out.coverage.length ? judged.out.coverage : 0);
    state.frameworks.push(judged.out.frameworks.length ? judged.out.frameworks : 0);
  }
  const tsconfigs = plan ? [...new Set([...plan.prev.tsconfigs.map(([f]) => f), ...result.read])].sort() : [...new Set(result.read)].sort();
  // package.json files are compared by content in a changed-files run (a hook runs right after edits,
  // when an mtime is too recent to trust) and by size and mtime for the result cache, as tsconfigs are.
  state.manifests = result.manifests.map((f) => [f, fileHash(f)]);
  const index = new Map(files.map((f, i) => [f, i]));
  state.global = plan ? plan.prev.global : result.globalDeps.map((f) => index.get(f)!).filter((n) => n !== undefined);
  state.modules = plan?.prev.modules ?? result.modules;
  state.tsconfigs = tsconfigs.map((f) => {
    const st = statOf(f);
    return [f, st?.size ?? -1, st && now - st.mtimeMs >= RECENT_MS ? st.mtimeMs : -1];
  });
  // Saved after judging: a cached summary found damaged when the graph first read it was analysed again then.
  cache?.save();
  const skippedCounts = new Map<string, number>();
  for (const why of skipped.values()) skippedCounts.set(why, (skippedCounts.get(why) ?? 0) + 1);
  return {
    findings: fingerprint(result.raw),
    targets: o.explain ? result.targets : [],
    coverage: result.coverage,
    fileCoverage,
    unrecognised: result.unrecognised,
    files: summaries.size,
    skipped: [...skippedCounts],
    directives: result.directives,
    tsconfigs: [...tsconfigs, ...result.manifests].sort(),
    ...(track ? { incremental: state } : {}),
  };
}

export function unanalysed(file: string, analysisError: NonNullable<FileSummary['analysisError']>): FileSummary {
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
  const readers = readersIndex(prev.deps);
  const dirty = filesToJudge(
    changed,
    (i) =>
      global.has(i) ||
      (!skipped.has(files[i]) && summaryFlags(summaries.get(files[i])!) !== 0) ||
      // An import added or removed can change what a registration of auto-instrumentation reaches.
      (prev.modules !== undefined && (skipped.has(files[i]) ? 0 : moduleSignature(summaries.get(files[i])!)) !== prev.modules[i]),
    (i) => readers.get(i) ?? [],
  );
  if (!dirty) return undefined;
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
