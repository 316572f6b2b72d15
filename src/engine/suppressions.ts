// Inline suppressions: `// doctrines-disable-next-line <rule>[, <rule>…] -- <reason>` and
// `// doctrines-disable-line <rule> -- <reason>` (also in `/* */` and JSX `{/* */}` comments).
//
// Collected during the per-file walk (only when the text mentions `doctrines-disable`, so files without
// directives pay one substring search) into FileSummary.suppressions, which is plain data: it is cached
// and crosses worker threads. Applied by the run after every finding, target findings included, is known.
//
// A directive with no rule list applies to every rule (as in ESLint). A directive without a reason
// suppresses nothing and is itself a finding: the point of a suppression is to say why the doctrine does
// not apply here. A directive that matches no finding of a rule that ran is reported as unused, so stale
// comments do not pile up and hide future regressions.
import { formatMessage, type Rule } from './rule.js';
import { fingerprint } from './fingerprint.js';
import type { Finding, ReportedSeverity, SuppressedFinding, SuppressionDirective } from '../types.js';


// ---------------------------------------------------------------------------------------------
// Applying directives to the findings of a run.

export interface DirectiveProblem {
  file: string;
  directive: SuppressionDirective;
  /** `no-reason`: gives no reason; `unused`: matched no finding; `unknown-rule`: names a rule that does not exist. */
  problem: 'no-reason' | 'unused' | 'unknown-rule';
  /** The rule named, for `unknown-rule` and for `unused` directives that name rules. */
  rule?: string;
}

export interface SuppressionOutcome {
  kept: Finding[];
  suppressed: SuppressedFinding[];
  problems: DirectiveProblem[];
}

/** Whether a directive covers a finding: its line, or for a target finding, anywhere in the registration statement it stands above. */
function applies(d: SuppressionDirective, f: Finding): boolean {
  if (d.appliesTo === f.line) return true;
  return d.appliesToEnd !== undefined && f.target !== undefined && f.line > d.appliesTo && f.line <= d.appliesToEnd;
}

/**
 * Split findings into kept and suppressed, and list the directives that are wrong or unused.
 * `ran(id)`: the rule was active in this run (a directive naming a rule that is off or of another
 * pillar is not "unused": this run cannot tell). `known(id)`: the rule exists at all.
 */
export function applySuppressions(
  findings: Finding[],
  directivesByFile: Map<string, SuppressionDirective[]>,
  ran: (ruleId: string) => boolean,
  known: (ruleId: string) => boolean,
): SuppressionOutcome {
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const used = new Map<SuppressionDirective, Set<string>>();
  for (const f of findings) {
    const directive = directivesByFile
      .get(f.file)
      ?.find((d) => d.reason && applies(d, f) && (d.rules.length === 0 || d.rules.includes(f.ruleId)));
    if (!directive) {
      kept.push(f);
      continue;
    }
    if (!used.has(directive)) used.set(directive, new Set());
    used.get(directive)!.add(f.ruleId);
    suppressed.push({ ...f, suppression: { reason: directive.reason!, line: directive.span.line } });
  }
  const problems: DirectiveProblem[] = [];
  for (const [file, directives] of directivesByFile) {
    for (const d of directives) {
      if (!d.reason) {
        problems.push({ file, directive: d, problem: 'no-reason' });
        continue;
      }
      for (const rule of d.rules) if (!known(rule)) problems.push({ file, directive: d, problem: 'unknown-rule', rule });
      // Unused: nothing matched, or (as in ESLint) some named rule that ran matched nothing on that line.
      const matched = used.get(d);
      if (d.rules.length === 0) {
        if (!matched) problems.push({ file, directive: d, problem: 'unused' });
        continue;
      }
      const idle = d.rules.filter((r) => known(r) && ran(r) && !matched?.has(r));
      if (idle.length) problems.push({ file, directive: d, problem: 'unused', rule: idle.join(', ') });
    }
  }
  return { kept, suppressed, problems };
}

/** The findings that wrong or unused directives produce, for the core rules that are active. */
export function directiveFindings(
  problems: DirectiveProblem[],
  active: (ruleId: string) => { rule: Pick<Rule, 'meta'>; severity: ReportedSeverity } | undefined,
): Omit<Finding, 'fingerprint'>[] {
  const out: Omit<Finding, 'fingerprint'>[] = [];
  for (const p of problems) {
    const ruleId = p.problem === 'no-reason' ? 'doctrines/suppression-reason' : 'doctrines/unused-suppression';
    const r = active(ruleId);
    if (!r) continue;
    const messageId = p.problem === 'no-reason' ? 'noReason' : p.problem === 'unknown-rule' ? 'unknownRule' : 'unused';
    const data = { rule: p.rule ?? '', forRules: p.rule ? ` for ${p.rule}` : '' };
    out.push({
      ruleId,
      pillar: r.rule.meta.pillar,
      severity: r.severity,
      message: formatMessage(r.rule.meta.messages[messageId], data),
      file: p.file,
      ...p.directive.span,
      help: r.rule.meta.help,
      symbol: `doctrines-disable-${p.directive.kind} ${p.directive.rules.join(',') || '*'}${p.rule && p.problem === 'unknown-rule' ? ` ${p.rule}` : ''}`,
    });
  }
  return out;
}

/**
 * Suppression comments applied to a run's findings: those they silence set apart, and the findings of wrong
 * or unused comments (for the core rules among `active`) added to the rest. The run and the language
 * server's session both report findings this way.
 */
export function suppress(
  findings: Finding[],
  directivesByFile: Map<string, SuppressionDirective[]>,
  active: { rule: Pick<Rule, 'meta'>; severity: ReportedSeverity }[],
  known: (ruleId: string) => boolean,
): { kept: Finding[]; suppressed: SuppressedFinding[] } {
  const out = applySuppressions(findings, directivesByFile, (id) => active.some((r) => r.rule.meta.id === id), known);
  const activeRule = (id: string) => active.find((r) => r.rule.meta.id === id);
  return { kept: [...out.kept, ...fingerprint(directiveFindings(out.problems, activeRule))], suppressed: out.suppressed };
}
