// The run: config → discovery → one walk per file (summaries + syntactic findings) → cross-file
// analysis over summaries (targets) → findings with severities and fingerprints → RunResult.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { ResolvedConfig } from '../config/types.js';
import { loadConfig } from '../config/load.js';
import { UsageError } from '../errors.js';
import { ANALYSED_EXTENSIONS, discoverFiles, isDefaultIgnored, type DiscoverOptions, type Discovered } from './discover.js';
import { displayPath, stdinFile, toPosix } from './paths.js';
import { ownershipCoverage, repositoryCodeowners } from './codeowners.js';
import { loadCatalog, type Catalog } from './catalog.js';

import { TOOL_VERSION, codeStamp, ruleDocsUrl } from './package.js';
import type { Finding, ReportedSeverity, RunResult, Severity, SuppressedFinding, SuppressionDirective } from '../types.js';
import { suppress } from './suppressions.js';
import { SUGGESTING_RULES } from './suggesting-rules.js';
import { applyBaseline, readBaseline, writeBaseline, type BaselineEntry } from './baseline.js';
import { changedFiles, isChanged, splitScope } from './git.js';
import { ResultCache, defaultCacheLocation } from './cache.js';
import type { ActiveRule, CheckOptions } from './options.js';

export type { ActiveRule, CheckOptions } from './options.js';

let discover: (o: DiscoverOptions) => Promise<Discovered> = discoverFiles;

/**
 * How a run finds its files: a walk (the default), or, in a long-lived process, the last walk kept current
 * by watching the folders (the daemon, src/engine/watched-discovery.ts). Same answer either way.
 */
export function useDiscovery(fn: (o: DiscoverOptions) => Promise<Discovered>): void {
  discover = fn;
}

/** What discovery is asked for the config's file selection, over `paths`, with `--ignore-pattern` globs added to `exclude`. */
export function discoveryOptions(cwd: string, paths: string[], config: ResolvedConfig, ignorePatterns?: string[]): DiscoverOptions {
  return {
    cwd,
    paths,
    include: config.include,
    exclude: ignorePatterns?.length ? [...config.exclude, ...ignorePatterns] : config.exclude,
    defaultIgnores: config.defaultIgnores,
    maxFileSize: config.maxFileSize,
  };
}

/** Resolve which rules run at what severity: defaults, then config, then `--rule` overrides. */
export function activeRules(config: ResolvedConfig, pillars: string[], overrides: CheckOptions['ruleOverrides'], catalog: Catalog): ActiveRule[] {
  const known = new Map(catalog.all.map((r) => [r.meta.id, r]));
  for (const o of overrides) {
    if (!known.has(o.id)) throw new UsageError(`unknown rule "${o.id}" in --rule (known: ${[...known.keys()].join(', ')})`);
  }
  const out: ActiveRule[] = [];
  for (const rule of catalog.all) {
    const isCore = catalog.core.includes(rule);
    if (!isCore && !pillars.includes(rule.meta.pillar)) continue;
    let severity: Severity = rule.meta.defaultSeverity;
    let options: Record<string, unknown> = { ...(rule.meta.defaultOptions ?? {}) };
    const fromConfig = config.rules[rule.meta.id];
    if (severity === 'off' && rule.meta.enabledBy && settingGiven(config, rule.meta.enabledBy)) severity = 'warn';
    if (fromConfig) {
      severity = fromConfig[0];
      options = { ...options, ...fromConfig[1] };
    }
    for (const o of overrides) if (o.id === rule.meta.id) severity = o.severity;
    if (severity !== 'off') out.push({ rule, severity, options });
  }
  return out;
}

/** Whether a config setting (dotted path, e.g. `telemetry.registry`) has a value. */
function settingGiven(config: ResolvedConfig, dotted: string): boolean {
  let v: unknown = config;
  for (const k of dotted.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v !== undefined;
}

/** A path argument that names no file and holds glob syntax (`src/**` then `*.controller.ts`, quoted past the shell). */
const GLOB_SYNTAX = /[*?[\]{}]/;

/**
 * Path arguments with globs expanded (relative to cwd, as ESLint's): the files they match, without what the
 * built-in ignores skip (node_modules, tests, `*.d.ts`; the files are then treated as named, so `.gitignore`
 * and `exclude` still apply). A glob that matches nothing is a usage error, as a missing path is.
 */
async function expandGlobs(cwd: string, paths: string[], defaultIgnores: boolean): Promise<string[]> {
  if (!paths.some((p) => GLOB_SYNTAX.test(p))) return paths;
  const out: string[] = [];
  for (const p of paths) {
    if (!GLOB_SYNTAX.test(p) || fs.existsSync(path.resolve(cwd, p))) {
      out.push(p);
      continue;
    }
    const { default: glob } = await import('fast-glob');
    const matches = await glob(toPosix(p), { cwd, absolute: true, onlyFiles: true, dot: false, followSymbolicLinks: false, ignore: ['**/node_modules/**', '**/.git/**'] });
    const kept = defaultIgnores ? matches.filter((m) => !isDefaultIgnored(displayPath(cwd, m))) : matches;
    if (kept.length === 0) throw new UsageError(`no files match ${p}${matches.length ? ` (${matches.length} matched, all skipped by the built-in ignores)` : ''}`);
    out.push(...kept.sort());
  }
  return out;
}

/** The rule catalogue, the config found from `cwd` (or named) and the pillars the run selects (known ones only). */
export async function runConfig(o: Pick<CheckOptions, 'cwd' | 'configPath' | 'pillars'>) {
  const catalog = await loadCatalog();
  const knownPillars = catalog.pillars.map((p) => p.id);
  const config = await loadConfig({
    cwd: o.cwd,
    configPath: o.configPath,
    knownPillars,
    knownRules: new Map(catalog.all.map((r) => [r.meta.id, { optionsSchema: r.meta.optionsSchema }])),
  });
  const pillars = o.pillars ?? config.pillars;
  for (const p of pillars) {
    if (!knownPillars.includes(p)) throw new UsageError(`unknown pillar "${p}" (known: ${knownPillars.join(', ')})`);
  }
  return { catalog, config, pillars };
}

/**
 * `--print-config <file>`: the configuration a run from `cwd` applies to `file`, as JSON: where it came from,
 * the pillars and every active rule with its severity and options, the settings, and whether the file is
 * analysed at all (or why not).
 */
export async function printConfig(o: Pick<CheckOptions, 'cwd' | 'configPath' | 'pillars' | 'ruleOverrides' | 'ignorePatterns'>, file: string): Promise<string> {
  const { catalog, config, pillars } = await runConfig(o);
  const abs = path.resolve(o.cwd, file);
  if (!fs.existsSync(abs)) throw new UsageError(`--print-config ${file}: no such file`);
  const selection = discoveryOptions(o.cwd, [abs], config, o.ignorePatterns);
  const discovered = await discoverFiles(selection);
  const analysed = discovered.files.includes(abs);
  // One file was named: what discovery counted as skipped is that file's reason.
  const skipped = analysed ? undefined : ([...discovered.skipped.keys()][0] ?? 'not an analysed file');
  const { filepath, extends: extendsFiles, rules: _, ...settings } = config;
  const out = {
    file: displayPath(o.cwd, abs),
    analysed,
    ...(skipped ? { skippedBecause: skipped } : {}),
    configFile: filepath ? displayPath(o.cwd, filepath) : null,
    ...(extendsFiles ? { extends: extendsFiles.map((f) => displayPath(o.cwd, f)) } : {}),
    ...settings,
    pillars,
    exclude: selection.exclude,
    rules: Object.fromEntries(activeRules(config, pillars, o.ruleOverrides, catalog).map((r) => [r.rule.meta.id, [r.severity, r.options]])),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

export async function check(o: CheckOptions): Promise<RunResult> {
  const started = performance.now();
  const debug = o.debug;
  const { catalog, config, pillars } = debug ? await debug.time('config', () => runConfig(o)) : await runConfig(o);
  if (debug) {
    const files = [...(config.extends ?? []), ...(config.filepath ? [config.filepath] : [])].map((f) => displayPath(o.cwd, f));
    debug.fact('config', files.length ? files.join(' + ') : 'none found (the recommended defaults)');
  }
  const rules = activeRules(config, pillars, o.ruleOverrides, catalog);
  if (o.cache === true && o.cacheLocation) {
    let isDir = true;
    try {
      isDir = fs.statSync(o.cacheLocation).isDirectory();
    } catch {
      // Not there yet: created on the first write.
    }
    if (!isDir) throw new UsageError(`--cache-location ${displayPath(o.cwd, o.cacheLocation)} is a file, not a folder (give a folder, or --no-cache)`);
  }

  // Changed-files mode and baselines are checked before the analysis, so a bad ref or file fails fast.
  const paths = await expandGlobs(o.cwd, o.paths, config.defaultIgnores);
  let scope: { analyse: string[]; reportOnly?: Set<string> } = o.changed ? splitScope(o.cwd, paths) : { analyse: paths };
  const changed = o.changed ? changedFiles(o.cwd, o.changed) : undefined;
  const baselineFile = o.baseline ? path.resolve(o.cwd, o.baseline) : undefined;
  const read = baselineFile && !o.updateBaseline ? readBaseline(baselineFile, o.baseline!) : undefined;
  let baseline = read?.entries;

  const discovering = performance.now();
  const stdin = o.stdin && stdinFile(o.cwd, o.stdin.filename);
  const discovered: Discovered =
    o.stdin && !o.stdin.filename
      ? { files: [stdin!], stats: new Map(), skipped: new Map(), configFiles: [] }
      : await discover({
          ...discoveryOptions(o.cwd, scope.analyse, config, o.ignorePatterns),
          ...(o.cache === true ? { cacheDir: o.cacheLocation ?? defaultCacheLocation(o.cwd) } : {}),
        });
  if (stdin) {
    // The text stands for its file among the project's; a file not written yet joins them (it cannot be
    // ignored by a rule that looks at the disk), a file that exists but is ignored is not analysed.
    if (!discovered.files.includes(stdin)) {
      if (fs.existsSync(stdin)) {
        o.onNote?.(`${displayPath(o.cwd, stdin)} is not analysed (ignored by the config, the built-in ignores or --ignore-pattern, or outside the paths given); nothing to report`);
        discovered.files.length = 0;
      } else if ((ANALYSED_EXTENSIONS as readonly string[]).includes(path.extname(stdin))) discovered.files.push(stdin);
      else throw new UsageError(`--stdin-filename ${o.stdin!.filename}: not an analysed file type (${ANALYSED_EXTENSIONS.join(' ')})`);
    }
    scope = { ...scope, reportOnly: new Set([displayPath(o.cwd, stdin)]) };
  }
  debug?.phase('discover', performance.now() - discovering, `${discovered.files.length} files`);
  if (discovered.files.length === 0) {
    if (stdin) return emptyResult(o, pillars, started);
    throw nothingToAnalyse(o, discovered.skipped, config.maxFileSize);
  }
  const analysisKey = createHash('sha1')
    .update(JSON.stringify([TOOL_VERSION, codeStamp(), o.cwd, config, o.ignorePatterns ?? [], rules.map((r) => [r.rule.meta.id, r.severity, r.options]), o.advisory, o.explain, o.suggestions === true]))
    .digest('hex');
  // Framework config files count among the files the analysis depends on: one that appears, changes or goes away invalidates it.
  const inputs = discovered.configFiles.length ? [...discovered.files, ...discovered.configFiles] : discovered.files;
  // A text from stdin is not what the cache describes: the whole analysis is not looked up nor stored.
  const resultCache = o.cache === true && !stdin ? new ResultCache(o.cacheLocation ?? defaultCacheLocation(o.cwd), analysisKey, inputs, discovered.stats, o.onDiagnostic) : undefined;
  // Every cached run takes the last analysis of the same config and rules even when files changed since,
  // and re-judges only what the changes can affect (analyze.ts, planIncremental).
  const lookingUp = performance.now();
  const cached = resultCache?.lookup(true);
  if (debug) {
    const location = displayPath(o.cwd, o.cacheLocation ?? defaultCacheLocation(o.cwd));
    debug.fact(
      'cache',
      !resultCache
        ? 'off (--no-cache)'
        : `${location}: ${cached?.exact ? 'hit, the whole analysis reused' : cached ? 'the last analysis, updated for the files changed since' : 'miss (no analysis of these files, config and rules)'}`,
    );
    if (resultCache) debug.phase('cache lookup', performance.now() - lookingUp);
  }
  let analysis = cached?.exact ? cached.output : undefined;
  if (!analysis) {
    // The analysis proper (compiler, adapters, graph) is loaded only when there is something to analyse.
    const loading = performance.now();
    const { analyze } = await import('./analyze.js');
    debug?.phase('load analysis', performance.now() - loading, 'the compiler, adapters and rules');
    analysis = await analyze(discovered.files, config, rules, o, discovered.stats, cached?.output, discovered.configFiles);
    if (resultCache && debug) await debug.time('cache store', () => resultCache.store(analysis!));
    else resultCache?.store(analysis);
  }
  const skipped = new Map([...discovered.skipped, ...analysis.skipped]);
  // Every file found was skipped when read (binary, unreadable): as when discovery skipped them all.
  if (analysis.files === 0) throw nothingToAnalyse(o, skipped, config.maxFileSize);
  const coverage = analysis.coverage;
  const bySeverity = (r: ActiveRule): ReportedSeverity => (o.advisory ? 'warn' : r.severity);
  // A copy: the analysis may be the one a long-lived process keeps for its next run (cache.ts, keepCachesInMemory).
  const targets = [...analysis.targets];


  // Suppressions, then the baseline, over every finding of the project; then the changed-files filter.
  let all = analysis.findings;
  let suppressedFindings: SuppressedFinding[] = [];
  const directives = new Map<string, SuppressionDirective[]>(o.inlineConfig !== false ? analysis.directives : []);
  if (directives.size) {
    const active = rules.map((r) => ({ rule: r.rule, severity: bySeverity(r) }));
    const out = suppress(all, directives, active, (id) => catalog.all.some((r) => r.meta.id === id));
    all = out.kept;
    suppressedFindings = out.suppressed;
  }
  const updateFile = o.updateBaseline ? path.resolve(o.cwd, o.updateBaseline) : undefined;
  if (updateFile) {
    writeBaseline(updateFile, all, analysis.coverage);
    baseline = new Map(all.map((f): [string, BaselineEntry] => [f.fingerprint, f]));
  }
  let baselined: Finding[] = [];
  let baselineSummary: RunResult['baseline'];
  if (baseline) {
    const out = applyBaseline(all, baseline);
    all = out.kept;
    baselined = out.baselined;
    baselineSummary = { file: o.updateBaseline ?? o.baseline!, entries: baseline.size, fixed: out.fixed.length };
  }
  const inScope = (f: Finding) => (!scope.reportOnly || scope.reportOnly.has(f.file)) && (!changed || isChanged(changed, f));
  const byPosition = (a: Finding, b: Finding) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : 1);
  // With the package's homepage known, each finding links to its rule's documentation.
  const withDocs = (f: Finding): Finding => {
    const docsUrl = ruleDocsUrl(f.ruleId);
    return docsUrl ? { ...f, docsUrl } : f;
  };
  let findings = all.filter(inScope).sort(byPosition).map(withDocs);
  suppressedFindings = suppressedFindings.filter(inScope).sort(byPosition).map(internalOff);
  // Suggestions for uninstrumented targets (`--unsafe`), computed on the files' text (suggest.ts). Only when
  // asked: re-reading and parsing every file with such a target costs as much as a tenth of a cold run.
  if (o.suggestions && findings.some((f) => SUGGESTING_RULES.has(f.ruleId))) {
    const { addSuggestions } = await import('./suggest.js');
    findings = addSuggestions(findings, { cwd: o.cwd, ...(config.fix?.wrapper ? { wrapper: config.fix.wrapper } : {}) }, stdin && o.stdin ? { file: displayPath(o.cwd, stdin), text: o.stdin.text } : undefined);
  }
  findings = findings.map(internalOff);
  targets.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));

  const result: RunResult = {
    schemaVersion: 1,
    tool: { name: 'check-doctrines', version: TOOL_VERSION },
    mode: o.advisory ? 'advisory' : 'blocking',
    pillars,
    summary: {
      files: analysis.files,
      durationMs: Math.round(performance.now() - started),
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warn').length,
      suppressed: suppressedFindings.length,
      baselined: baselined.filter(inScope).length,
      skipped: [...skipped].filter(([, n]) => n > 0).map(([reason, count]) => ({ reason, count })),
      coverage,
      unrecognised: analysis.unrecognised,
    },
    findings,
  };
  if (o.explain) result.targets = targets;
  if (suppressedFindings.length) result.suppressedFindings = suppressedFindings;
  if (baselineSummary) result.baseline = read?.coverage ? { ...baselineSummary, coverage: read.coverage } : baselineSummary;
  const owners = stdin ? undefined : repositoryCodeowners(o.cwd);
  if (owners) result.summary.ownership = ownershipCoverage(owners.codeowners, analysis.fileCoverage ?? [], owners.fromRoot);
  return result;
}

/** A finding without what the judge passed along for the run only. */
function internalOff<F extends Finding>(f: F): F {
  if (!f.projectTracer) return f;
  const { projectTracer: _, ...rest } = f;
  return rest as F;
}

/** The report of a run that analysed nothing on purpose (a `--stdin` text standing for an ignored file). */
function emptyResult(o: CheckOptions, pillars: string[], started: number): RunResult {
  return {
    schemaVersion: 1,
    tool: { name: 'check-doctrines', version: TOOL_VERSION },
    mode: o.advisory ? 'advisory' : 'blocking',
    pillars,
    summary: { files: 0, durationMs: Math.round(performance.now() - started), errors: 0, warnings: 0, suppressed: 0, baselined: 0, skipped: [], coverage: {}, unrecognised: [] },
    findings: [],
    ...(o.explain ? { targets: [] } : {}),
  };
}

/** Why a run found nothing to analyse, as one usage-error line: what was skipped and why, or that nothing matched. */
function nothingToAnalyse(o: CheckOptions, skipped: ReadonlyMap<string, number>, maxFileSize: number): UsageError {
  const where = o.paths.length ? o.paths.join(', ') : '.';
  const reasons = [...skipped].filter(([, n]) => n > 0);
  if (!reasons.length) {
    return new UsageError(
      `no files matched in ${where} (analysed extensions: .ts .tsx .mts .cts .js .jsx .mjs .cjs; tests, node_modules and build output are skipped by default)`,
    );
  }
  const why: Record<string, string> = {
    'too large': `larger than maxFileSize, ${maxFileSize} bytes; raise it in the config, 0 for no limit`,
    binary: 'not text',
    'broken symlink': 'the link points to nothing',
    'symlink loop': 'the links lead back to themselves',
    unreadable: 'permission denied or an I/O error',
  };
  const total = reasons.reduce((n, [, c]) => n + c, 0);
  const detail = reasons.map(([r, n]) => `${r}: ${n}${why[r] ? ` (${why[r]})` : ''}`).join('; ');
  // A single file named on the command line: say which and why.
  if (o.paths.length === 1 && total === 1 && !isFolder(path.resolve(o.cwd, o.paths[0]))) return new UsageError(`cannot analyse ${o.paths[0]}: ${detail.replace(/: 1\b/, '')}`);
  return new UsageError(`nothing to analyse in ${where}: ${total === 1 ? '1 file' : `${total} files`} skipped, ${detail}`);
}

function isFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
