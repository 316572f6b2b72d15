// Changed-files mode: which files (and lines) git says changed, to restrict what is *reported*.
// The analysis itself still covers the project, because whether a handler is instrumented often
// depends on files that did not change (the middleware in app.ts, the service it calls).
//
// `--staged`: what `git commit` would record (the index against HEAD).
// `--changed-since <ref>`: everything that differs from the merge base of <ref> and HEAD — commits of
// the branch plus staged, unstaged and untracked (not ignored) changes — i.e. what a pull request
// against <ref> would contain once committed.
// `--changed-lines`: narrow further to findings whose range touches a changed line.
//
// git runs without a shell (spawnSync with an argument list); refs that look like options are refused.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { toPosix } from './paths.js';

export interface ChangedSelection {
  staged?: boolean;
  since?: string;
  lines?: boolean;
}

/** A report filter: display path → changed lines (`all` for new or untracked files, or without --changed-lines). */
export type ChangedFiles = Map<string, Set<number> | 'all'>;

function flagName(sel: ChangedSelection): string {
  return sel.staged ? '--staged' : '--changed-since';
}

function git(root: string, args: string[]): { status: number | null; stdout: string; stderr: string; error?: Error } {
  const r = spawnSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, windowsHide: true });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error };
}

function firstLine(s: string): string {
  return s.trim().split('\n')[0] ?? '';
}

/** The repository's top folder, or a usage error naming the flag that needed it. */
export function gitRoot(cwd: string, flag: string): string {
  const r = git(cwd, ['rev-parse', '--show-toplevel']);
  if (r.error) throw new UsageError(`${flag} needs git, which could not be run (${(r.error as NodeJS.ErrnoException).code ?? r.error.message})`);
  if (r.status !== 0 || !r.stdout.trim()) throw new UsageError(`${flag} needs a git repository, and ${cwd} is not inside one`);
  return r.stdout.trim();
}

/** The merge base of `ref` and HEAD in the repository at `root`, or a usage error naming what is wrong with `ref`. */
function mergeBase(root: string, ref: string): string {
  if (!ref || ref.startsWith('-')) throw new UsageError(`invalid git ref "${ref}" in --changed-since (a branch, tag or commit, e.g. origin/main)`);
  const verify = git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  const shallow = git(root, ['rev-parse', '--is-shallow-repository']).stdout.trim() === 'true';
  const fetchHint = shallow ? '; this clone is shallow: fetch the base and enough history (actions/checkout: fetch-depth: 0)' : '';
  if (verify.status !== 0) {
    throw new UsageError(`unknown git ref "${ref}" in --changed-since (a branch, tag or commit of ${root}, e.g. origin/main${fetchHint})`);
  }
  const base = git(root, ['merge-base', verify.stdout.trim(), 'HEAD']);
  if (base.status !== 0 || !base.stdout.trim()) {
    throw new UsageError(`--changed-since ${ref}: no common ancestor with HEAD (${firstLine(base.stderr) || 'unrelated histories'}${fetchHint})`);
  }
  return base.stdout.trim();
}

/** The repository around `cwd` and the merge base of `ref` and HEAD (the catalogue compares with the tree there). */
export function resolveBase(cwd: string, ref: string, flag: string): { root: string; commit: string } {
  const root = gitRoot(cwd, flag);
  return { root, commit: mergeBase(root, ref) };
}

/** Files (relative to the working directory, POSIX) and, with `lines`, their changed lines. */
export function changedFiles(cwd: string, sel: ChangedSelection): ChangedFiles {
  const flag = flagName(sel);
  const root = gitRoot(cwd, flag);
  const diffArgs = ['--no-renames', '--no-ext-diff', '--no-color', '--diff-filter=ACMR'];
  let range: string[];
  const untracked: string[] = [];
  if (sel.staged) range = ['--cached'];
  else {
    range = [mergeBase(root, sel.since ?? '')];
    const others = git(root, ['ls-files', '--others', '--exclude-standard', '-z']);
    if (others.status === 0) untracked.push(...others.stdout.split('\0').filter(Boolean));
  }
  const names = git(root, ['diff', '--name-only', '-z', ...diffArgs, ...range]);
  if (names.status !== 0) throw new UsageError(`${flag}: git diff failed: ${firstLine(names.stderr)}`);

  const here = fs.realpathSync(cwd);
  const shown = (p: string) => toPosix(path.relative(here, path.join(root, p)));
  const out: ChangedFiles = new Map();
  for (const p of names.stdout.split('\0').filter(Boolean)) out.set(shown(p), 'all');
  for (const p of untracked) out.set(shown(p), 'all');
  if (!sel.lines) return out;

  const patch = git(root, ['-c', 'core.quotePath=false', 'diff', '-U0', '--src-prefix=a/', '--dst-prefix=b/', ...diffArgs, ...range]);
  if (patch.status !== 0) throw new UsageError(`${flag}: git diff failed: ${firstLine(patch.stderr)}`);
  for (const [file, lines] of parseHunks(patch.stdout)) {
    const key = shown(file);
    if (out.get(key) === 'all') out.set(key, lines);
  }
  return out;
}

/**
 * Changed lines per file (new-side line numbers) from a `git diff -U0` patch. A pure deletion marks the
 * lines around it, so a finding whose code lost its telemetry call there is still reported.
 */
export function parseHunks(patch: string): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  let current: Set<number> | undefined;
  for (const line of patch.split('\n')) {
    if (line.startsWith('+++ ')) {
      const name = line.slice(4).replace(/\t$/, '');
      current = name.startsWith('b/') ? new Set() : undefined;
      if (current) out.set(name.slice(2), current);
      continue;
    }
    const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (!m || !current) continue;
    const start = Number(m[1]);
    const count = m[2] === undefined ? 1 : Number(m[2]);
    if (count === 0) {
      if (start > 0) current.add(start);
      current.add(start + 1);
    } else for (let l = start; l < start + count; l++) current.add(l);
  }
  return out;
}

/** Whether a finding (file, line range) is in the changed set. */
export function isChanged(changed: ChangedFiles, f: { file: string; line: number; endLine: number }): boolean {
  const lines = changed.get(f.file);
  if (!lines) return false;
  if (lines === 'all') return true;
  for (const l of lines) if (l >= f.line && l <= f.endLine) return true;
  return false;
}

/**
 * In changed-files mode, file arguments narrow the report instead of the analysis (lint-staged passes
 * the staged files): the analysis covers the folder arguments, or the working directory when only files
 * are given. Returns the paths to analyse and the files to report on (undefined: no narrowing).
 */
export function splitScope(cwd: string, paths: string[]): { analyse: string[]; reportOnly?: Set<string> } {
  const analyse: string[] = [];
  const files: string[] = [];
  for (const p of paths) {
    let isFile = false;
    try {
      isFile = fs.statSync(path.resolve(cwd, p)).isFile();
    } catch {
      // Left to discovery, which reports a missing path as a usage error.
    }
    (isFile ? files : analyse).push(p);
  }
  if (!files.length) return { analyse };
  const here = fs.realpathSync(cwd);
  const shown = (p: string) => {
    const abs = path.resolve(cwd, p);
    let real = abs;
    try {
      real = fs.realpathSync(abs);
    } catch {
      // keep abs
    }
    return toPosix(path.relative(here, real));
  };
  return { analyse, reportOnly: new Set(files.map(shown)) };
}
