import type { RunResult } from '../types.js';
import { formatHuman, type HumanOptions } from './human.js';
import { formatJson } from './json.js';

export type FormatName = 'human' | 'json';

/** What the CLI knows about how the report will be shown; formats ignore what they do not need. */
export type FormatOptions = HumanOptions;

export type Formatter = (result: RunResult, options: FormatOptions) => string;

/** Every output format, by its `--format` name. Each is a pure function of the result. */
export const FORMATS: Record<FormatName, Formatter> = {
  human: formatHuman,
  json: (result) => formatJson(result),
};

export { formatHuman, formatJson };
export type { HumanOptions };
