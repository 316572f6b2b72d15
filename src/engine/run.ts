// The run: config → discovery → one walk per file (summaries + syntactic findings) → cross-file
// analysis over summaries (targets) → findings with severities and fingerprints → RunResult.
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { ResolvedConfig } from '../config/types.js';
import { loadConfig } from '../config/load.js';
import { UsageError } from '../errors.js';
import { ADAPTERS } from '../adapters/index.js';
import { BUILTIN_TELEMETRY_DECORATORS } from '../analysis/emissions.js';
import { buildModel } from './library.js';
import type { FilePlugin } from '../analysis/plugin.js';
import { summarizeFile, compileTelemetry } from '../analysis/summarize.js';
import { ModuleResolver } from '../analysis/resolve.js';
import { ProjectGraph } from '../analysis/graph.js';
import { discoverFiles } from './discover.js';
import { readSource } from './read.js';
import { ALL_RULES, CORE_RULES, PILLARS } from './registry.js';
import { formatMessage, type Rule, type RuleContext } from './rule.js';
import { TOOL_VERSION } from './package.js';
import type { BindingRef, FileSummary, Finding, ReportedSeverity, RunResult, Severity, TargetResult } from '../types.js';

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

function adapterPlugins(): FilePlugin[] {
  return ADAPTERS.map((a) => ({
    appliesTo: ({ path: p, importSpecifiers }) =>
      a.packages.some((pkg) => importSpecifiers.has(pkg) || importSpecifiers.has(`node:${pkg}`) || [...importSpecifiers].some((s) => s.startsWith(`${pkg}/`))) ||
      !!a.appliesToPath?.(p),
    create: (ctx) => a.create(ctx),
  }));
}

function rulePlugins(rules: ActiveRule[]): FilePlugin[] {
  return rules
    .filter((r) => r.rule.create)
    .map(({ rule, options }) => ({
      create: (ctx) => {
        const rctx: RuleContext = Object.assign(Object.create(ctx) as RuleContext, {
          options,
          reportAt: (node: import('ts-morph').ts.Node, messageId: string, data?: Record<string, string>, extra?: { unlessConstant?: BindingRef[] }) =>
            ctx.report({ ruleId: rule.meta.id, messageId, node, data, unlessConstant: extra?.unlessConstant }),
        });
        return rule.create!(rctx);
      },
    }));
}

const toPosix = (p: string) => p.split(path.sep).join('/');

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

  const discovered = await discoverFiles({
    cwd: o.cwd,
    paths: o.paths,
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
  const display = (abs: string) => toPosix(path.relative(o.cwd, abs)) || path.basename(abs);

  const model = buildModel();
  const telemetryDecorators = new Set([...BUILTIN_TELEMETRY_DECORATORS, ...config.telemetry.decorators]);
  const plugins = [...adapterPlugins(), ...rulePlugins(rules)];
  const summaries = new Map<string, FileSummary>();
  for (const abs of discovered.files) {
    const src = readSource(abs);
    if (!src.ok) {
      skipped.set(src.reason, (skipped.get(src.reason) ?? 0) + 1);
      continue;
    }
    try {
      summaries.set(abs, summarizeFile(display(abs), src.text, { config, model, plugins, telemetryDecorators }));
    } catch (err) {
      skipped.set('analysis failed', (skipped.get('analysis failed') ?? 0) + 1);
      o.onDiagnostic?.(`${display(abs)}: analysis failed: ${(err as Error).stack ?? err}`);
    }
  }

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
    for (const t of s.targets) {
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

  const findings = fingerprint(raw).sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : 1)),
  );
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
      suppressed: 0,
      baselined: 0,
      skipped: [...skipped].filter(([, n]) => n > 0).map(([reason, count]) => ({ reason, count })),
      coverage,
    },
    findings,
  };
  if (o.explain) result.targets = targets;
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
