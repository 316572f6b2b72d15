import fs from 'node:fs';
import path from 'node:path';

export const toPosix = path.sep === '/' ? (p: string) => p : (p: string) => p.split(path.sep).join('/');

/** The path shown for a file: POSIX, relative to the working directory. */
export function displayPath(cwd: string, abs: string): string {
  // Fast path for the usual case (a file under cwd): path.relative normalises both paths every call.
  const prefix = cwd.endsWith(path.sep) ? cwd : cwd + path.sep;
  if (abs.startsWith(prefix)) return toPosix(abs.slice(prefix.length));
  return toPosix(path.relative(cwd, abs)) || path.basename(abs);
}

/**
 * The top folder of the git work tree around `cwd` (the nearest folder holding `.git`, a folder or, in a linked
 * worktree or submodule, a file), or undefined outside one. Found on disk, without running git.
 */
export function repositoryRoot(cwd: string): string | undefined {
  for (let d = path.resolve(cwd); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

/** The file a `--stdin` text stands for: absolute, real where it exists, as discovery names files. */
export function stdinFile(cwd: string, filename: string | undefined): string {
  const abs = path.resolve(fs.realpathSync(cwd), filename ?? STDIN_NAME);
  try {
    return fs.realpathSync(abs);
  } catch {
    return abs;
  }
}

/** The name a `--stdin` text without `--stdin-filename` is analysed under. */
export const STDIN_NAME = '<stdin>.ts';
