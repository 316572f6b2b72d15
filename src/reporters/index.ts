import path from 'node:path';
import type { RunResult } from '../types.js';
import { formatGithub } from './github.js';
import { formatGitlab } from './gitlab.js';
import { formatHtml } from './html.js';
import { formatHuman, type HumanOptions } from './human.js';
import { formatJson } from './json.js';
import { formatMarkdown } from './markdown.js';
import type { RuleInfo } from './rules.js';
import { formatSarif } from './sarif.js';

export type FormatName = 'human' | 'json' | 'sarif' | 'github' | 'gitlab' | 'markdown' | 'html';

/** What the CLI knows about how the report will be shown; formats ignore what they do not need. */
export interface FormatOptions extends HumanOptions {
  /** Rules of the selected pillars (and the engine's own), with their docs: SARIF lists them. */
  rules?: RuleInfo[];
  /** The tool's homepage, for SARIF `informationUri`. */
  homepage?: string;
  /**
   * The git work tree the run is in: `root` (absolute) and `prefix`, the working directory from it (POSIX,
   * `''` at the root). Code hosts place annotations by paths from the repository root, so the github, sarif,
   * gitlab and markdown formats name files from there; human and json keep paths from the working directory.
   */
  repository?: { root: string; prefix: string };
  /** Links for markdown locations (MarkdownOptions.blobBase), given only with `repository`. */
  blobBase?: string;
  /** The package of a reported file, for the html format's coverage tree (HtmlOptions.packageOf). */
  packageOf?: (file: string) => { name: string; path: string } | undefined;
  /** The CODEOWNERS owners of a reported file, for the html format's owner filter. */
  ownersOf?: (file: string) => string[];
}

export type Formatter = (result: RunResult, options: FormatOptions) => string;

/** Every output format, by its `--format` name. Each is a pure function of the result. */
export const FORMATS: Record<FormatName, Formatter> = {
  human: formatHuman,
  json: (result) => formatJson(result),
  sarif: (result, options) => formatSarif(fromRepositoryRoot(result, options), { rules: options.rules, homepage: options.homepage, root: options.repository?.root }),
  github: (result, options) => formatGithub(fromRepositoryRoot(result, options)),
  gitlab: (result, options) => formatGitlab(fromRepositoryRoot(result, options)),
  markdown: (result, options) => formatMarkdown(fromRepositoryRoot(result, options), { blobBase: options.repository ? options.blobBase : undefined }),
  html: (result, options) => formatHtml(result, { source: options.source, packageOf: options.packageOf, ownersOf: options.ownersOf }),
};

/** The result with its files named from the repository root (FormatOptions.repository), for the code-host formats. */
export function fromRepositoryRoot(result: RunResult, options: Pick<FormatOptions, 'repository'>): RunResult {
  const prefix = options.repository?.prefix;
  if (!prefix) return result;
  const rebase = (file: string) => path.posix.normalize(`${prefix}/${file}`);
  return {
    ...result,
    findings: result.findings.map((f) => ({ ...f, file: rebase(f.file) })),
    ...(result.targets ? { targets: result.targets.map((t) => ({ ...t, file: rebase(t.file) })) } : {}),
  };
}

export { formatGithub, formatGitlab, formatHtml, formatHuman, formatJson, formatMarkdown, formatSarif };
export type { HumanOptions, RuleInfo };
