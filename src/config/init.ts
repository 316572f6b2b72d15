// `check-doctrines init`: write a starter config into the working directory and say how to hook the
// tool into commits. Refuses to replace an existing config unless forced.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { MODULE_NAME, SEARCH_PLACES } from './load.js';

export const STARTER_FILE = `.${MODULE_NAME}rc.json`;

/** Pillars and globs a new project starts from; the rules keep their recommended severities. */
export function starterConfig(pillars: string[]): object {
  return {
    $schema: './node_modules/check-doctrines/schemas/config.schema.json',
    pillars,
    exclude: [],
    rules: {},
    telemetry: { emitters: [], decorators: [], wrappers: [] },
  };
}

export interface InitResult {
  /** Absolute path of the written config. */
  file: string;
  /** Other config files in the folder that discovery would consider too (only possible with force). */
  others: string[];
  /** The one of them discovery reads (the first in search order), named as the user knows it. */
  used: string;
}

/** Config files already in `dir`, by discovery order: `package.json` counts only with a `doctrines` key. */
export function existingConfigs(dir: string): string[] {
  return SEARCH_PLACES.filter((name) => {
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) return false;
    if (name !== 'package.json') return true;
    try {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
      return pkg !== null && typeof pkg === 'object' && MODULE_NAME in pkg;
    } catch {
      return false;
    }
  });
}

export function initConfig(opts: { cwd: string; force: boolean; pillars: string[] }): InitResult {
  const found = existingConfigs(opts.cwd);
  if (found.length > 0 && !opts.force) {
    const label = found[0] === 'package.json' ? `package.json#${MODULE_NAME}` : found[0];
    throw new UsageError(`a config already exists: ${path.join(opts.cwd, label)} (use init --force to write ${STARTER_FILE} anyway)`);
  }
  const file = path.join(opts.cwd, STARTER_FILE);
  try {
    fs.writeFileSync(file, JSON.stringify(starterConfig(opts.pillars), null, 2) + '\n');
  } catch (err) {
    throw new UsageError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const first = SEARCH_PLACES.find((name) => name === STARTER_FILE || found.includes(name))!;
  return {
    file,
    others: found.filter((name) => name !== STARTER_FILE),
    used: first === 'package.json' ? `package.json#${MODULE_NAME}` : first,
  };
}

/** What `init` prints after writing the config: the two usual ways to run the tool on commit. */
export function hookSnippets(pillars: string[]): string {
  const pillar = pillars.join(',');
  return `Run on every commit (advisory: findings are shown, the commit goes through; --staged reports
only findings in the staged files, while the analysis still covers the project). Pick one.

husky + lint-staged:

  npm install --save-dev husky lint-staged
  npx husky init
  echo "npx lint-staged --verbose" > .husky/pre-commit

  // lint-staged.config.mjs — a function, so the whole project is analysed (a handler's telemetry
  // may live in another file) but only when JS/TS files are staged
  export default {
    '*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}': () => 'check-doctrines --pillar ${pillar} --advisory --staged',
  };

pre-commit (https://pre-commit.com), in .pre-commit-config.yaml:

  repos:
    - repo: local
      hooks:
        - id: check-doctrines
          name: check-doctrines
          entry: npx --no-install check-doctrines --pillar ${pillar} --advisory --staged
          language: system
          types_or: [ts, tsx, javascript, jsx]
          pass_filenames: false
          require_serial: true
          verbose: true

In CI, run it blocking: npx check-doctrines --pillar ${pillar}
`;
}
