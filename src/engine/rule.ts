// The rule API: metadata plus either a visitor over the per-file walk (syntactic rules) or a check over
// targets after cross-file analysis (target rules). Rules never touch the file system, config loading
// or output; they report through their context.
import type { ScanContext, Visitor } from '../analysis/plugin.js';
import type { Verdict, VerdictOptions } from '../analysis/graph.js';
import type { BindingRef, Severity, TargetSummary } from '../types.js';

export interface RuleMeta {
  /** `<pillar>/<name>`; the basename is shared by the rule file, its doc and its fixture folder. */
  id: string;
  pillar: string;
  description: string;
  defaultSeverity: Exclude<Severity, 'off'>;
  /** Message templates keyed by id; `{{name}}` placeholders are filled from report data. */
  messages: Record<string, string>;
  /** Short "how to fix" shown in JSON/SARIF `help`. */
  help: string;
  /**
   * A finding's own "how to fix", by message id, filled with its data like the message (`For {{family}}:
   * {{fix}}`): the `help` of findings of that message, where the fix depends on what was found.
   */
  findingHelp?: Record<string, string>;
  /** JSON Schema of the rule's options (ESLint style: `["error", { … }]`). */
  optionsSchema?: object;
  defaultOptions?: Record<string, unknown>;
  /** Type information is opt-in per rule; none of the built-in rules needs it. */
  requiresTypeChecking: boolean;
  /** For target rules: the kind of target the rule judges. */
  targetKind?: string;
}

export interface TargetContext {
  options: Record<string, unknown>;
  /**
   * Whether running the target emits telemetry, with the evidence chain. Worked out once per target: the
   * options of the first call apply.
   */
  verdict(options?: VerdictOptions): Verdict;
  report(messageId: string, data?: Record<string, string>): void;
}

export interface RuleContext extends ScanContext {
  options: Record<string, unknown>;
  /** Report a finding for this rule at `node`. */
  reportAt(
    node: import('ts-morph').ts.Node,
    messageId: string,
    data?: Record<string, string>,
    /** Conditions decided across files (FileFinding.unlessConstant, FileFinding.onlyIfKind). */
    extra?: { unlessConstant?: BindingRef[]; onlyIfKind?: { ref: BindingRef; kinds: string[] } },
  ): void;
}

export interface Rule {
  meta: RuleMeta;
  /** Syntactic rules: a visitor run during the one walk per file. */
  create?(ctx: RuleContext): Visitor;
  /**
   * Target rules: judge each target of `meta.targetKind` after cross-file analysis. Return `false` when the
   * target does not apply under the rule's options: it is then left out of coverage and `--explain`.
   */
  checkTarget?(target: TargetSummary, ctx: TargetContext): void | false;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}

export interface Pillar {
  id: string;
  description: string;
  rules: Rule[];
}

/** Fill `{{name}}` placeholders. */
export function formatMessage(template: string, data: Record<string, string> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => data?.[k] ?? `{{${k}}}`);
}
