// Judging one file after cross-file analysis: its findings (engine rules, syntactic rules' findings whose
// cross-file conditions hold, target rules' reports), its targets' verdicts for --explain, and its coverage
// counts. Every finding is built by `toFinding`. Pure: reads summaries and the graph, writes nothing.
import type { ProjectGraph, VerdictOptions } from '../analysis/graph.js';
import type { ProjectPhaseResult } from '../analysis/framework-config.js';
import path from 'node:path';
import { isEntryPoint } from '../analysis/entry-frameworks.js';
import { SPAN_LIFECYCLE } from '../analysis/emissions.js';
import { SUGGESTING_RULES } from './suggesting-rules.js';
import { deferredTargetFields } from '../adapters/index.js';
import { formatMessage, type Rule } from './rule.js';
import type { ActiveRule } from './options.js';
import type { DebugLog } from './debug.js';
import type { FileSummary, Finding, ReportedSeverity, Span, TargetResult } from '../types.js';

/** An active rule with its code loaded. */
export type RunningRule = Omit<ActiveRule, 'rule'> & { rule: Rule };

/** One file's share of the output. */
export interface FileOutput {
  raw: Omit<Finding, 'fingerprint'>[];
  targets: TargetResult[];
  /** rule id, targets, instrumented — in the order the rules met their first target. */
  coverage: [string, number, number][];
  /** Frameworks of the file's entry-point targets, whether or not a rule judged them. */
  frameworks: string[];
}

export interface JudgeSetup {
  cwd: string;
  rules: RunningRule[];
  graph: ProjectGraph;
  project: ProjectPhaseResult;
  display: (abs: string) => string;
  advisory: boolean;
  explain: boolean;
  /**
   * Name the project's exported tracer on the findings suggestions are made for. Finding it reads every
   * summary (parsing each one a cached run left unparsed), so only runs that make suggestions ask.
   */
  projectTracers: boolean;
  debug?: DebugLog;
}

/** A finding of `r` with message `messageId` filled from `data`; its help is the message's own help if the rule has one. */
export function toFinding(
  r: RunningRule,
  advisory: boolean,
  messageId: string,
  data: Record<string, string> | undefined,
  file: string,
  span: Span,
  symbol: string | undefined,
  target?: Finding['target'],
): Omit<Finding, 'fingerprint'> {
  const meta = r.rule.meta;
  const severity: ReportedSeverity = advisory ? 'warn' : r.severity;
  return {
    ruleId: meta.id,
    pillar: meta.pillar,
    severity,
    message: formatMessage(meta.messages[messageId] ?? messageId, data),
    file,
    ...span,
    ...(target ? { target } : {}),
    // A finding may have its own help, from its data (`For pino, …`): RuleMeta.findingHelp.
    help: formatMessage(meta.findingHelp?.[messageId] ?? meta.help, data),
    symbol,
  };
}

/** Findings, target verdicts and coverage of one file, as a function of the file. */
export function createJudge(setup: JudgeSetup): (abs: string, s: FileSummary) => FileOutput {
  const { rules, graph, project, display, advisory, explain, debug } = setup;
  const parseRule = rules.find((r) => r.rule.meta.id === 'doctrines/parse-error');
  const analysisRule = rules.find((r) => r.rule.meta.id === 'doctrines/analysis-error');
  // `export const tracer = trace.getTracer(…)` in modules of the project: found once, when first asked.
  let tracers: { abs: string; name: string }[] | undefined;
  const nearestTracer = (abs: string): Finding['projectTracer'] => {
    tracers ??= [...graph.summaries].flatMap(([f, sum]) =>
      Object.entries(sum.exports)
        .filter(([, e]) => e.kind === 'local' && sum.values[e.name]?.kind === 'typed' && (sum.values[e.name] as { type: string }).type === SPAN_LIFECYCLE.tracerKind)
        .map(([name]) => ({ abs: f, name })),
    );
    let best: { abs: string; name: string } | undefined;
    let shared = -1;
    const a = path.dirname(abs).split(path.sep);
    for (const t of tracers) {
      if (t.abs === abs) continue;
      // The one in the closest folder: most path segments in common with the file (same package first).
      const b = path.dirname(t.abs).split(path.sep);
      let n = 0;
      while (n < a.length && n < b.length && a[n] === b[n]) n++;
      if (n > shared) [best, shared] = [t, n];
    }
    return best && (shared >= setup.cwd.split(path.sep).length) ? { file: display(best.abs), name: best.name } : undefined;
  };
  return (abs, s) => {
    const fileTargets = project.targets.get(abs) ?? s.targets;
    const out: FileOutput = { raw: [], targets: [], coverage: [], frameworks: [] };
    const raw = out.raw;
    const file = display(abs);
    if (analysisRule && s.analysisError) {
      const { reason, line, column } = s.analysisError;
      raw.push(toFinding(analysisRule, advisory, 'failed', { reason }, file, { line, column, endLine: line, endColumn: column }, '<analysis>'));
    }
    if (parseRule && s.parseErrors.length) {
      const first = s.parseErrors[0];
      raw.push(toFinding(parseRule, advisory, 'parse', { message: first.message, count: String(s.parseErrors.length) }, file, first.span, '<parse>'));
    }
    for (const f of s.findings) {
      const r = rules.find((x) => x.rule.meta.id === f.ruleId);
      if (!r) continue;
      if (f.unlessConstant?.every((b) => graph.isConstant(abs, b))) continue;
      if (f.onlyIfKind && !f.onlyIfKind.kinds.includes(graph.valueKind(abs, f.onlyIfKind.ref) ?? '')) continue;
      const finding = toFinding(r, advisory, f.messageId, f.data, file, f.span, f.symbol, f.target);
      let fix = f.fix;
      if (!fix && f.fixByKind) {
        const i = f.fixByKind.kinds[graph.valueKind(abs, f.fixByKind.ref) ?? ''];
        if (i !== undefined) fix = f.fixByKind.fixes[i];
      }
      raw.push(fix ? { ...finding, fix } : finding);
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
      if (t.requiresPackage && !graph.packageProvides(abs, setup.cwd, t.requiresPackage)) continue;
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
        const target = t;
        const getVerdict = (vo?: VerdictOptions) => (verdict ??= graph.evaluateTarget(abs, target, vo));
        const judging = debug ? performance.now() : 0;
        const applies = r.rule.checkTarget(t, {
          options: r.options,
          verdict: getVerdict,
          report: (messageId, data) => {
            const finding = toFinding(r, advisory, messageId, data, file, target.span, target.symbol, { kind: target.kind, name: target.name, framework: target.framework });
            // For the suggestion that instruments the target (suggest.ts): the project's own tracer, if any.
            const tracer = setup.projectTracers && SUGGESTING_RULES.has(finding.ruleId) ? nearestTracer(abs) : undefined;
            raw.push(tracer ? { ...finding, projectTracer: tracer } : finding);
          },
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
        if (explain) {
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
}
