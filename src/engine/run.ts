// The run: config → discovery → one walk per file (summaries + syntactic findings) → cross-file
// analysis over summaries (targets) → findings with severities and fingerprints → RunResult.
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { ResolvedConfig } from '../config/types.js';
import { loadConfig } from '../config/load.js';
import { UsageError } from '../errors.js';
import { BUILTIN_TELEMETRY_DECORATORS } from '../analysis/emissions.js';
import { buildModel } from './library.js';
import { compileTelemetry } from '../analysis/summarize.js';
import { ModuleResolver } from '../analysis/resolve.js';
import { ProjectGraph } from '../analysis/graph.js';
import { discoverFiles } from './discover.js';
import { readSource } from './read.js';
import { displayPath, type FileWorkSettings } from './file-work.js';
import { summarizeMany } from './pool.js';
import { SummaryCache, defaultCacheLocation } from './cache.js';
import os from 'node:os';
import { ALL_RULES, CORE_RULES, PILLARS } from './registry.js';
import { formatMessage, type Rule } from './rule.js';
import { TOOL_VERSION, codeStamp } from './package.js';
import type { BindingRef, FileSummary, Finding, ReportedSeverity, RunResult, Severity, SuppressedFinding, SuppressionDirective, TargetResult } from '../types.js';
import { applySuppressions, directiveFindings } from './suppressions.js';
import { applyBaseline, readBaseline, writeBaseline, type BaselineEntry } from './baseline.js';
import { changedFiles, isChanged, splitScope, type ChangedSelection } from './git.js';

export interface CheckOptions {
  cwd: string;
  paths: string[];
  configPath?: string;
  /** `--pillar`; undefined means the config's pillars. */
  pillars?: string[];
  /** `--rule id=severity`, in order. */
  ruleOverrides: { id: string; severity: Severity }[];
  advisory: boolean;
  explain: boolean;
  /** Called with a one-line detail when something is skipped or fails (shown under --verbose). */
  onDiagnostic?: (message: string) => void;
  /** Reuse summaries of unchanged files (the CLI turns it on unless --no-cache; off by default here). */
  cache?: boolean;
  cacheLocation?: string;
  /** Threads for per-file work (default: available cores). */
  concurrency?: number;
  /** Honour `doctrines-disable-*` comments (default true; `--no-inline-config` turns them off). */
  inlineConfig?: boolean;
  /** `--baseline`: findings whose fingerprint is in this file (relative to cwd) are not reported. */
  baseline?: string;
  /** `--update-baseline`: write the findings (after inline suppressions) to this file; they are then baselined. */
  updateBaseline?: string;
  /** `--staged` / `--changed-since`: report only findings in files (and lines) changed in git. */
  changed?: ChangedSelection;
}

interface ActiveRule {
  rule: Rule;
  severity: ReportedSeverity;
  options: Record<string, unknown>;
}

/** Resolve which rules run at what severity: defaults, then config, then `--rule` overrides. */
export function activeRules(config: ResolvedConfig, pillars: string[], overrides: CheckOptions['ruleOverrides']): ActiveRule[] {
  const known = new Map(ALL_RULES.map((r) => [r.meta.id, r]));
  for (const o of overrides) {
    if (!known.has(o.id)) throw new UsageError(`unknown rule "${o.id}" in --rule (known: ${[...known.keys()].join(', ')})`);
  }
  const out: ActiveRule[] = [];
  for (const rule of ALL_RULES) {
    const isCore = CORE_RULES.includes(rule);
    if (!isCore && !pillars.includes(rule.meta.pillar)) continue;
    let severity: Severity = rule.meta.defaultSeverity;
    let options: Record<string, unknown> = { ...(rule.meta.defaultOptions ?? {}) };
    const fromConfig = config.rules[rule.meta.id];
    if (fromConfig) {
      severity = fromConfig[0];
      options = { ...options, ...fromConfig[1] };
    }
    for (const o of overrides) if (o.id === rule.meta.id) severity = o.severity;
    if (severity !== 'off') out.push({ rule, severity, options });
  }
  return out;
}


export async function check(o: CheckOptions): Promise<RunResult> {
  const started = performance.now();
  const knownPillars = PILLARS.map((p) => p.id);
  const config = await loadConfig({
    cwd: o.cwd,
    configPath: o.configPath,
    knownPillars,
    knownRules: new Map(ALL_RULES.map((r) => [r.meta.id, { optionsSchema: r.meta.optionsSchema }])),
  });
  const pillars = o.pillars ?? config.pillars;
  for (const p of pillars) {
    if (!knownPillars.includes(p)) throw new UsageError(`unknown pillar "${p}" (known: ${knownPillars.join(', ')})`);
  }
  const rules = activeRules(config, pillars, o.ruleOverrides);

  // Changed-files mode and baselines are checked before the analysis, so a bad ref or file fails fast.
  const scope = o.changed ? splitScope(o.cwd, o.paths) : { analyse: o.paths };
  const changed = o.changed ? changedFiles(o.cwd, o.changed) : undefined;
  const baselineFile = o.baseline ? path.resolve(o.cwd, o.baseline) : undefined;
  let baseline = baselineFile && !o.updateBaseline ? readBaseline(baselineFile, o.baseline!) : undefined;

  const discovered = await discoverFiles({
    cwd: o.cwd,
    paths: scope.analyse,
    include: config.include,
    exclude: config.exclude,
    defaultIgnores: config.defaultIgnores,
    maxFileSize: config.maxFileSize,
  });
  if (discovered.files.length === 0) {
    throw new UsageError(
      `no files matched in ${o.paths.length ? o.paths.join(', ') : '.'} (analysed extensions: .ts .tsx .mts .cts .js .jsx .mjs .cjs; tests, node_modules and build output are skipped by default)`,
    );
  }
  const skipped = new Map(discovered.skipped);
  const display = (abs: string) => displayPath(o.cwd, abs);

  const model = buildModel();
  const telemetryDecorators = new Set([...BUILTIN_TELEMETRY_DECORATORS, ...config.telemetry.decorators]);
  const settings: FileWorkSettings = {
    cwd: o.cwd,
    config,
    rules: rules.filter((r) => r.rule.create).map((r) => ({ id: r.rule.meta.id, options: r.options })),
  };
  const summaries = await summarizeWithCache(discovered.files, settings, o, skipped);

  const graph = new ProjectGraph(summaries, new ModuleResolver(new Set(summaries.keys()), config.tsconfig && path.resolve(o.cwd, config.tsconfig)), {
    maxDepth: config.callDepth,
    model,
    wrappers: compileTelemetry(config).wrappers,
    telemetryDecorators,
    display,
  });

  const raw: Omit<Finding, 'fingerprint'>[] = [];
  const targets: TargetResult[] = [];
  const coverage: RunResult['summary']['coverage'] = {};
  const bySeverity = (r: ActiveRule): ReportedSeverity => (o.advisory ? 'warn' : r.severity);
  const parseRule = rules.find((r) => r.rule.meta.id === 'doctrines/parse-error');

  for (const [abs, s] of summaries) {
    const file = display(abs);
    if (parseRule && s.parseErrors.length) {
      const first = s.parseErrors[0];
      raw.push({
        ruleId: 'doctrines/parse-error',
        pillar: 'doctrines',
        severity: bySeverity(parseRule),
        message: formatMessage(parseRule.rule.meta.messages.parse, { message: first.message, count: String(s.parseErrors.length) }),
        file,
        ...first.span,
        help: parseRule.rule.meta.help,
        symbol: '<parse>',
      });
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
        help: r.rule.meta.help,
        symbol: f.symbol,
      });
    }
    for (const deferred of s.targets) {
      let t = deferred;
      if (deferred.onlyIfKind) {
        const kind = graph.valueKind(abs, deferred.onlyIfKind.ref);
        if (!kind || !deferred.onlyIfKind.kinds.includes(kind)) continue;
        if (deferred.byKind?.[kind]) t = { ...deferred, ...deferred.byKind[kind] };
      }
      for (const r of rules) {
        if (!r.rule.checkTarget || r.rule.meta.targetKind !== t.kind) continue;
        let verdict: ReturnType<ProjectGraph['evaluateTarget']> | undefined;
        const getVerdict = () => (verdict ??= graph.evaluateTarget(abs, t));
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
        if (applies === false) continue;
        const v = getVerdict();
        const c = (coverage[r.rule.meta.id] ??= { targets: 0, instrumented: 0 });
        c.targets++;
        if (v.instrumented) c.instrumented++;
        if (o.explain) {
          targets.push({
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
  }

  // Target rules with no target still show in coverage (0 of 0), so "no handlers found" is visible.
  for (const r of rules) if (r.rule.meta.targetKind) coverage[r.rule.meta.id] ??= { targets: 0, instrumented: 0 };

  // Suppressions, then the baseline, over every finding of the project; then the changed-files filter.
  let all = fingerprint(raw);
  let suppressedFindings: SuppressedFinding[] = [];
  const directives = new Map<string, SuppressionDirective[]>();
  if (o.inlineConfig !== false) for (const [abs, s] of summaries) if (s.suppressions) directives.set(display(abs), s.suppressions);
  if (directives.size) {
    const ran = (id: string) => rules.some((r) => r.rule.meta.id === id);
    const out = applySuppressions(all, directives, ran, (id) => ALL_RULES.some((r) => r.meta.id === id));
    const active = (id: string) => {
      const r = rules.find((x) => x.rule.meta.id === id);
      return r && { rule: r.rule, severity: bySeverity(r) };
    };
    all = [...out.kept, ...fingerprint(directiveFindings(out.problems, active))];
    suppressedFindings = out.suppressed;
  }
  const updateFile = o.updateBaseline ? path.resolve(o.cwd, o.updateBaseline) : undefined;
  if (updateFile) {
    writeBaseline(updateFile, all);
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
  const findings = all.filter(inScope).sort(byPosition);
  suppressedFindings = suppressedFindings.filter(inScope).sort(byPosition);
  targets.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));

  const result: RunResult = {
    schemaVersion: 1,
    tool: { name: 'check-doctrines', version: TOOL_VERSION },
    mode: o.advisory ? 'advisory' : 'blocking',
    pillars,
    summary: {
      files: summaries.size,
      durationMs: Math.round(performance.now() - started),
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warn').length,
      suppressed: suppressedFindings.length,
      baselined: baselined.filter(inScope).length,
      skipped: [...skipped].filter(([, n]) => n > 0).map(([reason, count]) => ({ reason, count })),
      coverage,
    },
    findings,
  };
  if (o.explain) result.targets = targets;
  if (suppressedFindings.length) result.suppressedFindings = suppressedFindings;
  if (baselineSummary) result.baseline = baselineSummary;
  return result;
}

/**
 * Fingerprints anchor on rule, file and enclosing symbol (plus the occurrence index among identical
 * anchors), never on line numbers, so inserting lines above a finding does not change it.
 */
function fingerprint(raw: Omit<Finding, 'fingerprint'>[]): Finding[] {
  const ordered = [...raw].sort((a, b) => a.line - b.line || a.column - b.column);
  const seen = new Map<string, number>();
  const out: Finding[] = [];
  for (const f of ordered) {
    const anchor = `${f.ruleId}\0${f.file}\0${f.symbol ?? ''}`;
    const n = seen.get(anchor) ?? 0;
    seen.set(anchor, n + 1);
    const fp = createHash('sha256').update(`${anchor}\0${n}`).digest('hex').slice(0, 32);
    out.push({ ...f, fingerprint: fp });
  }
  return out;
}

/**
 * Summaries for every file: from the cache when the file is unchanged, else from the per-file walk
 * (in worker threads when there are enough files).
 */
async function summarizeWithCache(files: string[], settings: FileWorkSettings, o: CheckOptions, skipped: Map<string, number>): Promise<Map<string, FileSummary>> {
  const key = createHash('sha1')
    .update(JSON.stringify([TOOL_VERSION, codeStamp(), settings.cwd, settings.config, settings.rules]))
    .digest('hex');
  const cache = o.cache === true ? new SummaryCache(o.cacheLocation ?? defaultCacheLocation(o.cwd), key) : undefined;
  const summaries = new Map<string, FileSummary>();
  const todo: string[] = [];
  const texts = new Map<string, string>();
  for (const abs of files) {
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
    });
    if (hit.summary) summaries.set(abs, hit.summary);
    else if (unreadable) skipped.set(unreadable, (skipped.get(unreadable) ?? 0) + 1);
    else {
      todo.push(abs);
      if (hit.text !== undefined) texts.set(abs, hit.text);
    }
  }
  const outcomes = await summarizeMany(todo, settings, o.concurrency ?? os.availableParallelism(), texts);
  outcomes.forEach((out, i) => {
    const abs = todo[i];
    if (out.ok) {
      summaries.set(abs, out.summary);
      cache?.store(abs, texts.get(abs), out.summary);
    } else {
      skipped.set(out.reason, (skipped.get(out.reason) ?? 0) + 1);
      if (out.detail) o.onDiagnostic?.(out.detail);
    }
  });
  cache?.save();
  // Keep the discovery order: results must not depend on which thread finished first.
  return new Map(files.filter((f) => summaries.has(f)).map((f) => [f, summaries.get(f)!]));
}
