// Running one syntactic rule on a snippet, as ESLint's RuleTester does: for rule authors while they write a
// rule (start from rules/_template.ts) and for tests. The snippet is one file: what a finding leaves to
// cross-file analysis is returned as its conditions (`unlessConstant`, `onlyIfKind`), not decided.
import { defaultConfig } from '../config/load.js';
import type { ResolvedConfig } from '../config/types.js';
import { BUILTIN_TELEMETRY_DECORATORS } from '../analysis/emissions.js';
import { summarizeFile } from '../analysis/summarize.js';
import { adapterSelector, rulePlugins } from './file-work.js';
import { buildModel } from './library.js';
import { formatMessage, type Rule } from './rule.js';
import type { FileFinding } from '../types.js';

export interface RuleTestCase {
  code: string;
  /** The snippet's path (its extension picks TS, TSX or JS parsing). Default `test.ts`. */
  file?: string;
  /** Options laid over the rule's `defaultOptions`, as the config's are. */
  options?: Record<string, unknown>;
  /** Config settings the rule reads (`telemetry.spanEnders`, …), laid over the defaults. */
  config?: Partial<ResolvedConfig>;
}

export interface RuleTestFinding extends Omit<FileFinding, 'ruleId'> {
  /** The message, filled. */
  message: string;
  line: number;
  column: number;
}

/** The findings `rule` makes on the snippet, in source order. */
export function testRule(rule: Rule, test: RuleTestCase): RuleTestFinding[] {
  if (!rule.create) throw new Error(`${rule.meta.id} judges targets (checkTarget); testRule runs syntactic rules`);
  const config: ResolvedConfig = { ...defaultConfig(), ...test.config };
  const options = { ...(rule.meta.defaultOptions ?? {}), ...test.options };
  const summary = summarizeFile(test.file ?? 'test.ts', test.code, {
    config,
    model: buildModel(),
    plugins: rulePlugins([{ rule, options }]),
    select: adapterSelector(config),
    telemetryDecorators: new Set([...BUILTIN_TELEMETRY_DECORATORS, ...config.telemetry.decorators]),
  });
  return summary.findings
    .filter((f) => f.ruleId === rule.meta.id)
    .map(({ ruleId: _, ...f }) => ({ ...f, message: formatMessage(rule.meta.messages[f.messageId] ?? f.messageId, f.data), line: f.span.line, column: f.span.column }));
}
