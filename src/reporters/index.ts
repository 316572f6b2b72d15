import type { RunResult } from '../types.js';
import { formatGithub } from './github.js';
import { formatGitlab } from './gitlab.js';
import { formatHuman, type HumanOptions } from './human.js';
import { formatJson } from './json.js';
import { formatMarkdown } from './markdown.js';
import type { RuleInfo } from './rules.js';
import { formatSarif } from './sarif.js';

export type FormatName = 'human' | 'json' | 'sarif' | 'github' | 'gitlab' | 'markdown';

/** What the CLI knows about how the report will be shown; formats ignore what they do not need. */
export interface FormatOptions extends HumanOptions {
  /** Rules of the selected pillars (and the engine's own), with their docs: SARIF lists them. */
  rules?: RuleInfo[];
  /** The tool's homepage, for SARIF `informationUri`. */
  homepage?: string;
}

export type Formatter = (result: RunResult, options: FormatOptions) => string;

/** Every output format, by its `--format` name. Each is a pure function of the result. */
export const FORMATS: Record<FormatName, Formatter> = {
  human: formatHuman,
  json: (result) => formatJson(result),
  sarif: (result, options) => formatSarif(result, { rules: options.rules, homepage: options.homepage }),
  github: (result) => formatGithub(result),
  gitlab: (result) => formatGitlab(result),
  markdown: (result) => formatMarkdown(result),
};

export { formatGithub, formatGitlab, formatHuman, formatJson, formatMarkdown, formatSarif };
export type { HumanOptions, RuleInfo };
