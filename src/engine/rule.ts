// The rule API: metadata plus either a visitor over the per-file walk (syntactic rules) or a check over
// targets after cross-file analysis (target rules). Rules never touch the file system, config loading
// or output; they report through their context.
import type { ts } from '#ts';
import type { Visitor } from '../analysis/plugin.js';
import type { Verdict, VerdictOptions } from '../analysis/graph.js';
import type { ResolvedConfig } from '../config/types.js';
import type { BindingRef, FileSummary, Severity, Span, TargetSummary } from '../types.js';

export interface RuleMeta<MessageIds extends string = string, Options extends object = Record<string, unknown>> {
  /** `<pillar>/<name>`; the basename is shared by the rule file, its doc and its fixture folder. */
  id: string;
  pillar: string;
  description: string;
  /** `off`: the rule runs only when the config turns it on (or, with `enabledBy`, when that setting is given). */
  defaultSeverity: Severity;
  /** A config setting (dotted path) that turns on a rule off by default, at `warn`, unless the config sets the rule. */
  enabledBy?: string;
  /** Message templates keyed by id; `{{name}}` placeholders are filled from report data. */
  messages: Record<MessageIds, string>;
  /** Short "how to fix" shown in JSON/SARIF `help`. */
  help: string;
  /**
   * A finding's own "how to fix", by message id, filled with its data like the message (`For {{family}}:
   * {{fix}}`): the `help` of findings of that message, where the fix depends on what was found.
   */
  findingHelp?: Partial<Record<NoInfer<MessageIds>, string>>;
  /** JSON Schema of the rule's options (ESLint style: `["error", { … }]`). */
  optionsSchema?: object;
  /** The options a rule gets when the config gives none (the config's options are laid over them). */
  defaultOptions?: Options;
  /** For target rules: the kind of target the rule judges. */
  targetKind?: string;
}

/** Conditions decided across files that keep a finding only when they hold (FileFinding.unlessConstant, .onlyIfKind). */
export interface ReportConditions {
  unlessConstant?: BindingRef[];
  onlyIfKind?: { ref: BindingRef; kinds: string[] };
  /** A safe fix: replace [start, end) (offsets in the file's text) with `text`, for each edit. */
  fix?: OffsetEdit[];
  /** Fixes that depend on what an import resolves to across files: `fixes[kinds[kind]]` for the kind found. */
  fixByKind?: { ref: BindingRef; kinds: Record<string, number>; fixes: OffsetEdit[][] };
}

export interface OffsetEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * What a syntactic rule sees while the file is walked: the file, the library model's answer to "what is
 * this value" (`kindOf`), its options with the defaults filled in, and one `report`. What it asks about
 * syntax is in src/analysis/semantic.ts; what libraries do is in the library model (src/analysis/emissions.ts,
 * loggers.ts).
 */
export interface RuleContext<Options extends object = Record<string, unknown>, MessageIds extends string = string> {
  readonly file: string;
  readonly sourceFile: ts.SourceFile;
  readonly config: ResolvedConfig;
  /** The file's imports by local name (a receiver imported from a module of unknown kind is decided across files). */
  readonly imports: FileSummary['imports'];
  readonly options: Options;
  /** The library kind of an expression (`otel.tracer`, `pino.logger`), from where it comes, or undefined. */
  kindOf(expr: ts.Node): string | undefined;
  span(node: ts.Node): Span;
  text(node: ts.Node): string;
  /** Report a finding at `node`; with `conditions`, it is kept only if they hold across files. */
  report(node: ts.Node, messageId: MessageIds, data?: Record<string, string>, conditions?: ReportConditions): void;
}

export interface TargetContext<Options extends object = Record<string, unknown>, MessageIds extends string = string> {
  readonly options: Options;
  /**
   * Whether running the target emits telemetry, with the evidence chain. Worked out once per target: the
   * options of the first call apply.
   */
  verdict(options?: VerdictOptions): Verdict;
  report(messageId: MessageIds, data?: Record<string, string>): void;
}

export interface Rule<Options extends object = Record<string, unknown>, MessageIds extends string = string> {
  meta: RuleMeta<MessageIds, Options>;
  /** Syntactic rules: a visitor run during the one walk per file. */
  create?(ctx: RuleContext<Options, MessageIds>): Visitor;
  /**
   * Target rules: judge each target of `meta.targetKind` after cross-file analysis. Return `false` when the
   * target does not apply under the rule's options: it is then left out of coverage and `--explain`.
   */
  checkTarget?(target: TargetSummary, ctx: TargetContext<Options, MessageIds>): void | false;
}

/**
 * A rule, typed by its options and message ids (as typescript-eslint's `createRule`): `ctx.options` has the
 * type of `meta.defaultOptions` (the engine lays the config's options over them, so every default is
 * there), and `report` accepts only the ids of `meta.messages`. The result is stored untyped in the registry.
 */
export function defineRule<Options extends object = Record<string, unknown>, MessageIds extends string = string>(rule: Rule<Options, MessageIds>): Rule {
  return rule as unknown as Rule;
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
