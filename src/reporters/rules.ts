import type { Finding } from '../types.js';

/**
 * What a report may say about a rule beyond its findings: SARIF lists every rule of a run with its
 * help, whether or not it fired. The CLI builds these from the rule registry and the rule docs
 * (`rules/<id>.md`), so reporters stay pure functions of their arguments.
 */
export interface RuleInfo {
  id: string;
  pillar: string;
  description: string;
  defaultSeverity: 'off' | 'warn' | 'error';
  /** Short "how to fix". */
  help: string;
  /** The rule's markdown documentation, when it has one. */
  doc?: string;
  /** The documentation online (SARIF `helpUri`), when the package's homepage is known. */
  docsUrl?: string;
}

/**
 * The rules known for a report: those given, plus a minimal entry for any rule that has findings but
 * was not given (a report built without the registry, or a rule added by a plugin), so every finding
 * can point at a rule.
 */
export function rulesFor(findings: Finding[], given: RuleInfo[] | undefined): RuleInfo[] {
  const rules = [...(given ?? [])];
  const known = new Set(rules.map((r) => r.id));
  for (const f of findings) {
    if (known.has(f.ruleId)) continue;
    known.add(f.ruleId);
    rules.push({ id: f.ruleId, pillar: f.pillar, description: f.ruleId, defaultSeverity: f.severity, help: f.help });
  }
  return rules;
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function byPosition(a: Finding, b: Finding): number {
  return compareText(a.file, b.file) || a.line - b.line || a.column - b.column || compareText(a.ruleId, b.ruleId);
}
