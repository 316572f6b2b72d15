// CODEOWNERS: who owns which file, for coverage per owner.
//
// GitHub reads the first of .github/CODEOWNERS, CODEOWNERS and docs/CODEOWNERS; GitLab the first of
// CODEOWNERS, docs/CODEOWNERS and .gitlab/CODEOWNERS. One list serves both: a repository keeps one file.
// Patterns are gitignore-like (the `ignore` package), from the repository root, and the last matching line
// wins, as GitHub has it, with two differences from gitignore that GitHub documents: `docs/*` owns the files
// directly in docs/ and not those further down, and a line with a pattern and no owner leaves its files
// unowned. GitLab's `[Section]` headers (`^[Optional]`, `[Section][2]` approvals, `[Section] @default`
// owners for its lines that name none) split the file: the last matching line of each section applies,
// and a file's owners are those of every section.
import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { OwnershipSummary, RunResult } from '../types.js';
import { repositoryRoot, toPosix } from './paths.js';

/** Where CODEOWNERS may be, in the order code hosts look (GitHub's first; GitLab's docs/ before .gitlab/). */
export const CODEOWNERS_LOCATIONS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS', '.gitlab/CODEOWNERS'] as const;

interface Rule {
  pattern: string;
  owners: string[];
  matcher: Ignore;
  /** `dir/*`: only files directly in dir (gitignore would take the files under its subfolders too). */
  shallow: boolean;
}

export interface Codeowners {
  /** The file, relative to the repository root (POSIX). */
  file: string;
  /** The owners of a file given from the repository root (POSIX); empty when nobody owns it. */
  ownersOf(file: string): string[];
}

/** The repository's CODEOWNERS, or undefined when it has none (or none that can be read). */
export function loadCodeowners(root: string): Codeowners | undefined {
  for (const location of CODEOWNERS_LOCATIONS) {
    let text: string;
    try {
      text = fs.readFileSync(path.join(root, location), 'utf8');
    } catch {
      continue;
    }
    return parseCodeowners(text, location);
  }
  return undefined;
}

const SECTION = /^\^?\[([^\]]+)\](?:\[\d+\])?\s*(.*)$/;

/** The rules of a CODEOWNERS text, by section (a file without `[Section]` headers is one section). */
export function parseCodeowners(text: string, file = 'CODEOWNERS'): Codeowners {
  const sections = new Map<string, Rule[]>([['', []]]);
  let section = sections.get('')!;
  let defaults: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = stripComment(raw).trim();
    if (!line) continue;
    const header = SECTION.exec(line);
    if (header && !line.startsWith('\\[')) {
      // GitLab merges sections of the same name, whatever their case.
      const name = header[1].trim().toLowerCase();
      if (!sections.has(name)) sections.set(name, []);
      section = sections.get(name)!;
      defaults = header[2].split(/\s+/).filter(isOwner);
      continue;
    }
    const [pattern, ...rest] = splitFields(line);
    // Negation is not supported by either host: such a line is an error there, ignored here.
    if (!pattern || pattern.startsWith('!')) continue;
    const owners = rest.filter(isOwner);
    const matcher = ignore({ allowRelativePaths: true }).add(pattern);
    section.push({ pattern, owners: owners.length ? owners : defaults, matcher, shallow: /(^|[^*])\/\*$/.test(pattern) || pattern === '/*' });
  }
  const lists = [...sections.values()].filter((r) => r.length);
  const cache = new Map<string, string[]>();
  return {
    file,
    ownersOf(f: string): string[] {
      let out = cache.get(f);
      if (out) return out;
      const found = new Set<string>();
      for (const rules of lists) {
        for (let i = rules.length - 1; i >= 0; i--) {
          if (!matches(rules[i], f)) continue;
          for (const o of rules[i].owners) found.add(o);
          break;
        }
      }
      out = [...found];
      cache.set(f, out);
      return out;
    },
  };
}

function matches(rule: Rule, file: string): boolean {
  if (!rule.matcher.ignores(file)) return false;
  if (!rule.shallow) return true;
  const parent = path.posix.dirname(file);
  return parent === '.' || !rule.matcher.ignores(`${parent}/`);
}

/** An owner as hosts accept them: `@user`, `@org/team`, `@group/subgroup`, or an e-mail address. */
function isOwner(s: string): boolean {
  return /^@\S+$/.test(s) || /^[^@\s]+@[^@\s]+$/.test(s);
}

/** The line without its comment: `#` starts one at the line's start or after a blank; `\#` is a literal `#`. */
function stripComment(line: string): string {
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '#' && (i === 0 || /\s/.test(line[i - 1]))) return line.slice(0, i);
  }
  return line;
}

/** Fields separated by blanks; `\ ` keeps a blank inside a pattern. */
function splitFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '\\' && i + 1 < line.length) {
      // `\#` and `\ ` are literal in the pattern; other escapes are the pattern's own (gitignore keeps them).
      const next = line[i + 1];
      cur += next === '#' ? '\\#' : next === ' ' ? '\\ ' : ch + next;
      i++;
    } else if (/\s/.test(ch)) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

/** Nobody owns the files of this entry of OwnershipSummary.owners. */
export const UNOWNED = '(unowned)';

/**
 * Coverage per owner: each file's per-rule counts added to each of its owners (a file two teams own counts for
 * both), files nobody owns under UNOWNED. Owners sorted by name, UNOWNED last; owners of no target left out.
 */
export function ownershipCoverage(
  codeowners: Codeowners,
  perFile: Iterable<[string, [string, number, number][]]>,
  fromRoot: (file: string) => string,
): OwnershipSummary {
  const byOwner = new Map<string, RunResult['summary']['coverage']>();
  for (const [file, counts] of perFile) {
    if (!counts.length) continue;
    const owners = codeowners.ownersOf(fromRoot(file));
    for (const owner of owners.length ? owners : [UNOWNED]) {
      let coverage = byOwner.get(owner);
      if (!coverage) byOwner.set(owner, (coverage = {}));
      for (const [ruleId, targets, instrumented] of counts) {
        const c = (coverage[ruleId] ??= { targets: 0, instrumented: 0 });
        c.targets += targets;
        c.instrumented += instrumented;
      }
    }
  }
  const owners = [...byOwner]
    .sort(([a], [b]) => (a === UNOWNED ? 1 : b === UNOWNED ? -1 : a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0))
    .map(([owner, coverage]) => {
      let targets = 0;
      let instrumented = 0;
      const sorted: RunResult['summary']['coverage'] = {};
      for (const id of Object.keys(coverage).sort()) {
        sorted[id] = coverage[id];
        targets += coverage[id].targets;
        instrumented += coverage[id].instrumented;
      }
      return { owner, targets, instrumented, coverage: sorted };
    });
  return { file: codeowners.file, owners };
}

/**
 * The CODEOWNERS of the repository `cwd` is in (the git work tree's root, else `cwd` itself), with the
 * owners of a file named from `cwd`, as reports name them.
 */
export function repositoryCodeowners(cwd: string): { codeowners: Codeowners; ownersOf: (file: string) => string[]; fromRoot: (file: string) => string } | undefined {
  const root = repositoryRoot(cwd) ?? cwd;
  const codeowners = loadCodeowners(root);
  if (!codeowners) return undefined;
  const prefix = toPosix(path.relative(root, path.resolve(cwd)));
  const fromRoot = prefix ? (file: string) => path.posix.normalize(`${prefix}/${file}`) : (file: string) => file;
  return { codeowners, fromRoot, ownersOf: (file) => codeowners.ownersOf(fromRoot(file)) };
}
