// The analysis proper: summaries for every file (cached per file, in worker threads when it pays), the
// cross-file graph, and every finding and target verdict, fingerprinted. Loaded by run.ts only when a
// run cannot be answered from the result cache, so a warm run never loads the compiler.
import path from 'node:path';
import os from 'node:os';
import { createHash } from 'node:crypto';
import type { ResolvedConfig } from '../config/types.js';
import { BUILTIN_TELEMETRY_DECORATORS } from '../analysis/emissions.js';
import { compileTelemetry } from '../analysis/summarize.js';
import { ModuleResolver } from '../analysis/resolve.js';
import { ProjectGraph } from '../analysis/graph.js';
import { buildModel } from './library.js';
import { readSource } from './read.js';
import type { FileWorkSettings } from './file-work.js';
import type { FileStat } from './discover.js';
import { displayPath } from './paths.js';
import { defaultConcurrency, summarizeMany } from './pool.js';
import { SummaryCache, defaultCacheLocation } from './cache.js';
import { SummarySet } from '../analysis/summary-set.js';
import { formatMessage } from './rule.js';
import { ALL_RULES } from './registry.js';
import { deferredTargetFields } from '../adapters/index.js';
import { TOOL_VERSION, codeStamp } from './package.js';
import type { ActiveRule, CheckOptions } from './run.js';
import { fingerprint } from './fingerprint.js';
import type { FileSummary, Finding, ReportedSeverity, RunResult, SuppressionDirective, TargetResult } from '../types.js';

/** What the analysis produces before suppressions, baselines and the changed-files filter. Plain data: it is cached whole. */
export interface AnalysisOutput {
  /** Every finding of the project, fingerprinted. */
  findings: Finding[];
  targets: TargetResult[];
  coverage: RunResult['summary']['coverage'];
  /** Files analysed. */
  files: number;
  /** Files skipped while reading or analysing (reason, count). */
  skipped: [string, number][];
  /** Suppression comments by display path. */
  directives: [string, SuppressionDirective[]][];
  /** tsconfig files import resolution read: their changes invalidate a cached analysis. */
  tsconfigs: string[];
}

export async function analyze(
  files: string[],
  config: ResolvedConfig,
  active: ActiveRule[],
  o: CheckOptions,
  stats?: ReadonlyMap<string, FileStat>,
): Promise<AnalysisOutput> {
  // The active rules carry metadata only; here the rules' code is needed.
  const code = new Map(ALL_RULES.map((r) => [r.meta.id, r]));
  const rules = active.map((r) => ({ ...r, rule: code.get(r.rule.meta.id)! }));
  const skipped = new Map<string, number>();
  const display = (abs: string) => displayPath(o.cwd, abs);

  const model = buildModel();
  const telemetryDecorators = new Set([...BUILTIN_TELEMETRY_DECORATORS, ...config.telemetry.decorators]);
  const settings: FileWorkSettings = {
    cwd: o.cwd,
    config,
    rules: rules.filter((r) => r.rule.create).map((r) => ({ id: r.rule.meta.id, options: r.options })),
  };
  const summaries = await summarizeWithCache(files, settings, o, skipped, stats);

  const resolver = new ModuleResolver(new Set(summaries.keys()), config.tsconfig && path.resolve(o.cwd, config.tsconfig));
  const graph = new ProjectGraph(summaries, resolver, {
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

  let judged = 0;
  for (const [abs, s] of summaries) {
    o.onProgress?.({ phase: 'targets', done: judged++, total: summaries.size });
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
      if (deferred.deferred) {
        const kind = graph.valueKind(abs, deferred.deferred.ref);
        const fields = kind ? deferredTargetFields(deferred.deferred.call, kind) : undefined;
        if (!fields) continue;
        t = { ...deferred, ...fields };
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

  const directives: [string, SuppressionDirective[]][] = [];
  for (const [abs, s] of summaries) if (s.suppressions?.length) directives.push([display(abs), s.suppressions]);
  return {
    findings: fingerprint(raw),
    targets: o.explain ? targets : [],
    coverage,
    files: summaries.size,
    skipped: [...skipped],
    directives,
    tsconfigs: resolver.tsconfigFiles(),
  };
}

/**
 * Summaries for every file: from the cache when the file is unchanged, else from the per-file walk
 * (in worker threads when there are enough files).
 */
async function summarizeWithCache(
  files: string[],
  settings: FileWorkSettings,
  o: CheckOptions,
  skipped: Map<string, number>,
  stats: ReadonlyMap<string, FileStat> | undefined,
): Promise<SummarySet> {
  const key = createHash('sha1')
    .update(JSON.stringify([TOOL_VERSION, codeStamp(), settings.cwd, settings.config, settings.rules]))
    .digest('hex');
  const cache = o.cache === true ? new SummaryCache(o.cacheLocation ?? defaultCacheLocation(o.cwd), key) : undefined;
  const found = new Map<string, FileSummary | (() => FileSummary)>();
  const flags = new Map<string, number>();
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
    }, stats);
    if (hit.summary) {
      found.set(abs, hit.summary);
      flags.set(abs, hit.flags ?? 0);
    } else if (unreadable) skipped.set(unreadable, (skipped.get(unreadable) ?? 0) + 1);
    else {
      todo.push(abs);
      if (hit.text !== undefined) texts.set(abs, hit.text);
    }
  }
  const cached = files.length - todo.length;
  const outcomes = await summarizeMany(
    todo,
    settings,
    o.concurrency ?? defaultConcurrency(os.availableParallelism()),
    texts,
    o.onProgress && ((done) => o.onProgress!({ phase: 'files', done: cached + done, total: files.length })),
  );
  outcomes.forEach((out, i) => {
    const abs = todo[i];
    if (out.ok) {
      found.set(abs, out.summary);
      cache?.store(abs, texts.get(abs), out.summary);
    } else {
      skipped.set(out.reason, (skipped.get(out.reason) ?? 0) + 1);
      if (out.detail) o.onDiagnostic?.(out.detail);
    }
  });
  cache?.save();
  // Keep the discovery order: results must not depend on which thread finished first.
  const summaries = new SummarySet();
  for (const f of files) {
    const s = found.get(f);
    if (s) summaries.add(f, s, flags.get(f));
  }
  return summaries;
}
