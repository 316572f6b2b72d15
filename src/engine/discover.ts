// File discovery: which files a run analyses.
//
// A hand-written walker (readdir with file types) rather than fast-glob: we need per-folder .gitignore
// files, symlink-loop detection with a reason, size checks and dedupe by realpath, all of which sit
// awkwardly on top of a glob engine. It never turns a user path into a glob pattern, so names such as
// Next.js `app/[id]/route.ts`, `app/(group)/page.tsx`, `app/@slot/page.tsx` or `{a,b}` need no escaping.
// The walk uses the synchronous fs calls: on a warm tree they are about 3x faster than fs.promises (which
// queue every stat through libuv's small thread pool) and twice as fast as fast-glob; a CLI has nothing
// else to do while it discovers files. The function stays async so that can change without callers noticing.
//
// What is skipped:
// - `.git` folders, always.
// - What .gitignore ignores: silently (the user told git these are not source). Root and nested .gitignore
//   files from the repository root (nearest folder above the path with a `.git` entry) down. Files git
//   tracks all the same are analysed (git ignores only untracked files): listed from git's index.
// - Config `exclude` globs: silently. A glob matching a folder excludes everything beneath it.
// - Default ignores (node_modules, build output, declaration and test files): silently, and only for what a
//   folder walk finds. As in ESLint, a path the user names on the command line is not subject to them (so
//   `check-doctrines src/foo.test.ts` or `check-doctrines tests` analyses what was named), but .gitignore
//   and `exclude` still apply to it.
// - Config `include` globs, when non-empty: keep only files a glob matches (a glob matching a folder
//   includes everything beneath it). Like the default ignores they filter walks, not named files.
// - Counted in `skipped`: `symlink loop`, `broken symlink`, `unreadable` (EACCES and other I/O errors),
//   `too large` (bigger than maxFileSize bytes; 0 or less means no limit); and, for a path the user named
//   explicitly, `ignored` (by .gitignore or exclude) and `unsupported file type` (not an analysed
//   extension), so a named path never disappears without a word.
//
// Globs (`include` / `exclude`) are relative to cwd and use the usual syntax: `*`, `?`, `**`, `[abc]`,
// `{a,b}`, `\` to escape; `*` matches dotfiles too. Symlinked files are followed. Symlinked folders are
// followed only when they lead inside the folders being analysed, after the walk, and each real folder is
// walked once (links forming diamonds stay linear); a link leading outside them is counted as skipped, a
// folder link that points back to a folder being walked is a loop, and /proc, /sys and /dev are never walked.
// A file reached twice (through links or overlapping paths) is reported once: under its real path when the
// walk met it there, else the first path in sorted order.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { UsageError } from '../errors.js';
import { globMatcher, matchesSelfOrParent } from '../analysis/patterns.js';
import { isFrameworkConfigFile } from '../analysis/config-files.js';
import { TOOL_VERSION, codeStamp } from './package.js';
import { writeAtomic } from './write-file.js';

export interface DiscoverOptions {
  cwd: string;
  paths: string[];
  include: string[];
  exclude: string[];
  defaultIgnores: boolean;
  maxFileSize: number;
  /**
   * A folder where the walk keeps what it decided in each folder (the analysis cache's): a later walk
   * re-reads only the folders whose modification time changed since (see WalkCache).
   */
  cacheDir?: string;
  /** Also list the folders whose entries decide what is analysed (`Discovered.dirs`), for a process that watches them. */
  listDirs?: boolean;
}

/** What the caches compare a file by before reading it. */
export interface FileStat {
  size: number;
  mtimeMs: number;
}

/** A file's size and mtime: as discovery saw them when it did (`known`), else from a stat; undefined if gone. */
export function statOf(abs: string, known?: ReadonlyMap<string, FileStat>): FileStat | undefined {
  const k = known?.get(abs);
  if (k) return k;
  try {
    return fs.statSync(abs);
  } catch {
    return undefined;
  }
}

export interface Discovered {
  /** Absolute, sorted, deduped. */
  files: string[];
  /** Size and mtime of each file as discovery saw them (the caches use them instead of a second stat). */
  stats: Map<string, FileStat>;
  /** reason -> count */
  skipped: Map<string, number>;
  /**
   * Framework config files the analysis reads after the walk (src/analysis/config-files.ts): absolute, sorted.
   * Found in the folders walked (node_modules, .gitignored and excluded folders skipped, `include` not
   * applied: they are not source) and in the folders from each named path up to the working directory,
   * so `check-doctrines src` still sees the serverless.yml beside `src`.
   */
  configFiles: string[];
  /**
   * With `listDirs`: every folder walked (as reached, links included) and the folders above each named path
   * whose .gitignore or framework config files apply. An entry added, removed or renamed in one of them
   * can change what is analysed; a change anywhere else cannot.
   */
  dirs?: string[];
  /** With `listDirs`: the paths counted in `skipped` (a change to one, say a file shrinking below maxFileSize, can change the walk). */
  skippedPaths?: string[];
  /** With `listDirs`: analysed files reached through a symbolic link (their content lives elsewhere, maybe outside `dirs`). */
  linked?: string[];
}


export const ANALYSED_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;
const EXTENSIONS = new Set<string>(ANALYSED_EXTENSIONS);
const DEFAULT_IGNORED_DIRS = new Set(['node_modules', 'dist', 'build', '.next', 'coverage', '.git', '__tests__', 'test', 'tests']);
const DEFAULT_IGNORED_FILE = /\.d\.[mc]?ts$|.\.(test|spec)\./;

/** Whether the built-in ignores skip a file (a POSIX path relative to cwd): a folder like `node_modules` or `test` on its way, a `*.d.ts` or test file. */
export function isDefaultIgnored(rel: string): boolean {
  const parts = rel.split('/');
  return parts.slice(0, -1).some((p) => DEFAULT_IGNORED_DIRS.has(p)) || DEFAULT_IGNORED_FILE.test(parts[parts.length - 1]);
}

type SkipReason =
  | 'symlink loop'
  | 'broken symlink'
  | 'symlink outside the analysed folders'
  | 'system folder'
  | 'unreadable'
  | 'too large'
  | 'ignored'
  | 'unsupported file type';

/** Kernel and device folders: never walked, whatever links or paths lead there. */
const SYSTEM_DIRS = ['/proc', '/sys', '/dev'];
const isSystemDir = (real: string) => process.platform !== 'win32' && SYSTEM_DIRS.some((d) => real === d || real.startsWith(`${d}/`));

function isAnalysable(name: string): boolean {
  return EXTENSIONS.has(path.extname(name));
}

export async function discoverFiles(o: DiscoverOptions): Promise<Discovered> {
  const cwd = path.resolve(o.cwd);
  const roots = o.paths.length ? o.paths : ['.'];
  const walkCache = o.cacheDir ? WalkCache.open(o.cacheDir, cwd, roots, o) : undefined;
  const walker = new Walker(cwd, o, walkCache);
  // Resolve every path before walking, so a typo fails fast instead of after a long walk.
  const resolved: Array<{ abs: string; stat: fs.Stats } | { abs: string; error: SkipReason }> = [];
  for (const p of roots) {
    const abs = path.resolve(cwd, p);
    try {
      resolved.push({ abs, stat: fs.statSync(abs) });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') resolved.push({ abs, error: 'symlink loop' });
      else if (code === 'ENOENT' || code === 'ENOTDIR') {
        if (!isSymlink(abs)) throw new UsageError(`path not found: ${p}`);
        resolved.push({ abs, error: 'broken symlink' });
      } else resolved.push({ abs, error: 'unreadable' });
    }
  }
  for (const r of resolved) if (!('error' in r) && r.stat.isDirectory()) walker.addRootFolder(r.abs);
  // Asked of git while the walk runs (tens of milliseconds on a large repository, hidden behind the walk).
  const tracked = walker.listTrackedButIgnored(resolved.flatMap((r) => ('error' in r || !r.stat.isDirectory() ? [] : [r.abs])));
  for (const r of resolved) {
    if ('error' in r) walker.skip(r.abs, r.error);
    else {
      walker.root(r.abs, r.stat);
      walker.configFilesAbove(r.abs);
    }
  }
  walker.followLinks();
  walker.addTrackedButIgnored(await tracked);
  walkCache?.save();
  const found = walker.result();
  if (o.listDirs) {
    found.dirs = walker.folders();
    found.skippedPaths = walker.skippedPaths();
    found.linked = walker.linkedFiles();
  }
  return found;
}

/** Bits of a folder entry the walk kept: a folder to walk, an analysed file, a framework config file, a link. */
const KEEP_DIR = 1;
const KEEP_FILE = 2;
const KEEP_CONFIG = 4;
const KEEP_LINK = 8;
/** A folder or .gitignore modified this recently may change again within the same mtime tick: not trusted. */
const RECENT_MS = 2000;

interface WalkCacheData {
  key: string;
  /** .gitignore files read, with size and mtime: one that changed invalidates every decision. */
  gitignores: [string, number, number][];
  /** Folders above a named path whose .gitignore applies (or could appear): by mtime. */
  above: [string, number][];
  /** Folder -> [mtime, has a .gitignore, [entry name, KEEP_* bits][]]. */
  dirs: Record<string, [number, boolean, [string, number][]]>;
}

/**
 * What the walk decided in each folder, so a later walk of the same paths with the same options reads
 * again (readdir, .gitignore matching, globs) only the folders whose mtime changed: a folder's mtime
 * changes when an entry is added, removed or renamed in it (an editor's atomic save included), not when a
 * file's content changes, and the files kept are stat'ed on every walk anyway (sizes and mtimes for the
 * caches). Any .gitignore changed since (or one appearing above a named path) drops the whole record,
 * since it can change decisions in every folder below it. Symbolic links are judged again on every walk.
 * Nothing here decides what is analysed: the decisions replayed are the ones a fresh walk makes.
 */
class WalkCache {
  private readonly now = Date.now();
  private dirty = false;
  private readonly next: WalkCacheData;

  private constructor(
    private readonly file: string,
    key: string,
    private readonly prev: WalkCacheData | undefined,
  ) {
    this.next = { key, gitignores: [], above: [], dirs: {} };
  }

  static open(dir: string, cwd: string, roots: string[], o: DiscoverOptions): WalkCache {
    const key = JSON.stringify([TOOL_VERSION, codeStamp(), cwd, roots.map((r) => path.resolve(cwd, r)), o.include, o.exclude, o.defaultIgnores]);
    const file = path.join(dir, `walk-${createHash('sha1').update(key).digest('hex').slice(0, 16)}.json`);
    let prev: WalkCacheData | undefined;
    try {
      const data = JSON.parse(fs.readFileSync(file, 'utf8')) as WalkCacheData;
      if (data.key === key && WalkCache.stillValid(data)) prev = data;
    } catch {
      // None yet, or damaged: a full walk writes it anew.
    }
    const cache = new WalkCache(file, key, prev);
    if (!prev) cache.dirty = true;
    return cache;
  }

  private static stillValid(data: WalkCacheData): boolean {
    const now = Date.now();
    for (const [f, size, mtimeMs] of data.gitignores) {
      const st = statOrUndefined(f);
      if (!st || st.size !== size || st.mtimeMs !== mtimeMs || now - mtimeMs < RECENT_MS) return false;
    }
    for (const [d, mtimeMs] of data.above) {
      const st = statOrUndefined(d);
      if (!st || st.mtimeMs !== mtimeMs || now - mtimeMs < RECENT_MS) return false;
    }
    return true;
  }

  /** The kept entries of `dir` as last walked, when it has not changed since (and whether it has a .gitignore). */
  replay(dir: string, mtimeMs: number): [boolean, [string, number][]] | undefined {
    const e = this.prev?.dirs[dir];
    if (!e || e[0] !== mtimeMs || this.now - mtimeMs < RECENT_MS) return undefined;
    this.next.dirs[dir] = e;
    return [e[1], e[2]];
  }

  record(dir: string, mtimeMs: number, hasGitignore: boolean, kept: [string, number][]): void {
    this.dirty = true;
    // A folder changed in the last two seconds could change again within the same mtime tick.
    if (this.now - mtimeMs >= RECENT_MS) this.next.dirs[dir] = [mtimeMs, hasGitignore, kept];
  }

  // Recorded with mtime -1 when changed in the last two seconds, so the next walk does not trust the record.
  gitignore(file: string): void {
    const st = statOrUndefined(file);
    if (st) this.next.gitignores.push([file, st.size, this.now - st.mtimeMs < RECENT_MS ? -1 : st.mtimeMs]);
  }

  above(dir: string): void {
    const st = statOrUndefined(dir);
    if (st) this.next.above.push([dir, this.now - st.mtimeMs < RECENT_MS ? -1 : st.mtimeMs]);
  }

  save(): void {
    if (!this.dirty) return;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      writeAtomic(this.file, JSON.stringify(this.next));
    } catch {
      // A cache that cannot be written never fails the run.
    }
  }
}

function statOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}

/** A folder on the current walk path, by real path: entering one of these again through a link is a loop. */
interface Ancestor {
  real: string;
  parent: Ancestor | undefined;
}

/** The .gitignore files that apply inside a folder, outermost first. */
interface IgnoreLevel {
  dir: string;
  ig: Ignore;
}

class Walker {
  private readonly include: ((rel: string) => boolean) | undefined;
  private readonly exclude: ((rel: string) => boolean) | undefined;
  /** Candidate file path -> its real path (the dedupe key). */
  private readonly found = new Map<string, string>();
  private readonly stats = new Map<string, FileStat>();
  /** Path -> why it was skipped; keyed by path so overlapping `paths` do not count a file twice. */
  private readonly skipped = new Map<string, SkipReason>();
  private readonly ignoreCase = process.platform === 'darwin' || process.platform === 'win32';
  private readonly configFiles = new Set<string>();
  /** Real paths of the folders walked so far: each is walked once, however many links lead to it. */
  private readonly visited = new Set<string>();
  /** Real paths of the folders the user named (or cwd): linked folders are followed only inside them. */
  private readonly rootFolders: string[] = [];
  /** Folders walked, and folders above named paths read for .gitignore and config files (`Discovered.dirs`). */
  private readonly dirsSeen: Set<string> | undefined;
  /** Linked folders met during the walk, followed after it (so a folder is met at its real path first). */
  private readonly links: { abs: string; rel: string; real: string; levels: IgnoreLevel[]; here: Ancestor }[] = [];

  constructor(
    private readonly cwd: string,
    private readonly o: DiscoverOptions,
    private readonly cache?: WalkCache,
  ) {
    this.include = o.include.length ? globMatcher(o.include) : undefined;
    this.dirsSeen = o.listDirs ? new Set() : undefined;
    this.exclude = o.exclude.length ? globMatcher(o.exclude) : undefined;
  }

  addRootFolder(abs: string): void {
    try {
      this.rootFolders.push(fs.realpathSync(abs));
    } catch {
      // Unreadable: root() says so.
    }
  }

  /**
   * Walk the linked folders met so far, and those met in them, each real folder once: links to a folder
   * walked already add nothing (so links forming diamonds cost one walk per real folder, not one per path).
   */
  followLinks(): void {
    for (let i = 0; i < this.links.length; i++) {
      const l = this.links[i];
      if (!this.visited.has(l.real)) this.walk(l.abs, l.rel, l.real, l.levels, l.here);
    }
  }

  folders(): string[] {
    return [...(this.dirsSeen ?? [])].sort(compare);
  }

  skippedPaths(): string[] {
    return [...this.skipped.keys()];
  }

  linkedFiles(): string[] {
    return [...this.found].filter(([abs, real]) => abs !== real).map(([abs]) => abs);
  }

  skip(abs: string, reason: SkipReason): void {
    if (!this.skipped.has(abs)) this.skipped.set(abs, reason);
  }

  result(): Discovered {
    // One path per real file: the real path itself when the walk met it, else the first in sorted order.
    const byReal = new Map<string, string>();
    for (const file of [...this.found.keys()].sort(compare)) {
      const real = this.found.get(file)!;
      if (!byReal.has(real) || file === real) byReal.set(real, file);
    }
    const files = [...byReal.values()].sort(compare);
    const skipped = new Map<string, number>();
    for (const reason of this.skipped.values()) skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
    const stats = new Map<string, FileStat>();
    for (const f of files) stats.set(f, this.stats.get(f)!);
    return { files, stats, skipped, configFiles: [...this.configFiles].sort(compare) };
  }

  /** Config files in the folders above a named path, up to the working directory (not beyond it). */
  configFilesAbove(abs: string): void {
    for (let dir = path.dirname(abs); isInside(this.cwd, dir); dir = path.dirname(dir)) {
      this.dirsSeen?.add(dir);
      let names: string[] = [];
      try {
        names = fs.readdirSync(dir).filter(isFrameworkConfigFile);
      } catch {
        // An unreadable folder has none.
      }
      for (const name of names) {
        const f = path.join(dir, name);
        try {
          if (fs.statSync(f).isFile()) this.configFiles.add(f);
        } catch {
          // Gone, or a broken link.
        }
      }
      if (dir === this.cwd) break;
    }
  }

  /** A path the user named: .gitignore and exclude apply to it and its parents; default ignores and include do not. */
  root(abs: string, stat: fs.Stats): void {
    const isDir = stat.isDirectory();
    const { levels, hidden } = this.levelsAbove(abs, isDir);
    if (hidden || this.isGitignored(levels, abs, isDir) || this.isExcludedWithParents(abs)) return this.skip(abs, 'ignored');
    let real: string;
    try {
      real = fs.realpathSync(abs);
    } catch {
      return this.skip(abs, 'unreadable');
    }
    if (isDir) return this.walk(abs, this.relToCwd(abs), real, levels, undefined);
    if (!stat.isFile() || !isAnalysable(abs)) return this.skip(abs, 'unsupported file type');
    this.addFile(abs, real, stat);
  }

  /** `rel` is the POSIX path from cwd (what globs see); `real` the folder's real path (for loops and dedupe). */
  private walk(dir: string, rel: string, real: string, outerLevels: IgnoreLevel[], parent: Ancestor | undefined): void {
    if (this.visited.has(real)) return;
    this.visited.add(real);
    this.dirsSeen?.add(dir);
    if (isSystemDir(real)) return this.skip(dir, 'system folder');
    const here: Ancestor = { real, parent };
    // Entry paths by concatenation: `dir` and `real` are absolute and normalised, and an entry name has no
    // separator, so path.join's normalising (a tenth of a replayed walk) is not needed.
    const under = dir.endsWith(path.sep) ? dir : dir + path.sep;
    const realUnder = real.endsWith(path.sep) ? real : real + path.sep;
    const mtimeMs = this.cache ? statOrUndefined(dir)?.mtimeMs : undefined;
    const replayed = mtimeMs !== undefined ? this.cache!.replay(dir, mtimeMs) : undefined;
    if (replayed) {
      // Unchanged since the last walk: its kept entries, without reading the folder or matching ignores again.
      const [hasGitignore, kept] = replayed;
      let levels = outerLevels;
      if (hasGitignore) {
        const ig = this.readGitignore(dir);
        if (ig) levels = [...outerLevels, { dir, ig }];
      }
      for (const [name, bits] of kept) {
        const abs = under + name;
        const childRel = rel === '' ? name : `${rel}/${name}`;
        if (bits & KEEP_LINK) this.link(abs, name, childRel, levels, here);
        if (bits & KEEP_DIR) this.walk(abs, childRel, realUnder + name, levels, here);
        if (bits & KEEP_CONFIG) this.configFiles.add(abs);
        if (bits & KEEP_FILE) this.addFile(abs, realUnder + name);
      }
      return;
    }
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return this.skip(dir, 'unreadable');
    }
    let levels = outerLevels;
    const hasGitignore = entries.some((e) => e.name === '.gitignore' && !e.isDirectory());
    if (hasGitignore) {
      const ig = this.readGitignore(dir);
      if (ig) levels = [...outerLevels, { dir, ig }];
    }
    const kept: [string, number][] | undefined = this.cache ? [] : undefined;
    for (const entry of entries) {
      const name = entry.name;
      if (name === '.git') continue;
      const abs = under + name;
      const childRel = rel === '' ? name : `${rel}/${name}`;
      if (entry.isSymbolicLink()) {
        kept?.push([name, KEEP_LINK]);
        this.link(abs, name, childRel, levels, here);
      } else if (entry.isDirectory()) {
        if (this.wantEntry(name, childRel, levels, abs, true)) {
          kept?.push([name, KEEP_DIR]);
          this.walk(abs, childRel, realUnder + name, levels, here);
        }
      } else if (entry.isFile()) {
        let bits = 0;
        if (isFrameworkConfigFile(name) && this.wantEntry(name, childRel, levels, abs, false)) {
          bits |= KEEP_CONFIG;
          this.configFiles.add(abs);
        }
        if (this.wantFile(name, childRel, levels, abs)) {
          bits |= KEEP_FILE;
          this.addFile(abs, realUnder + name);
        }
        if (bits) kept?.push([name, bits]);
      }
    }
    if (kept && mtimeMs !== undefined) this.cache!.record(dir, mtimeMs, hasGitignore, kept);
  }

  /** A link is judged by what it points to; its own name is what ignores and globs see. */
  private link(abs: string, name: string, rel: string, levels: IgnoreLevel[], here: Ancestor): void {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch (err) {
      // A dangling link the user would not have wanted anyway (in node_modules, say) goes unmentioned.
      if (!this.wantEntry(name, rel, levels, abs, undefined)) return;
      const code = (err as NodeJS.ErrnoException).code;
      return this.skip(abs, code === 'ENOENT' || code === 'ENOTDIR' ? 'broken symlink' : code === 'ELOOP' ? 'symlink loop' : 'unreadable');
    }
    const isDir = stat.isDirectory();
    if (isDir ? !this.wantEntry(name, rel, levels, abs, true) : !(stat.isFile() && this.wantFile(name, rel, levels, abs))) return;
    let real: string;
    try {
      real = fs.realpathSync(abs);
    } catch {
      return this.skip(abs, 'unreadable');
    }
    if (!isDir) return this.addFile(abs, real, stat);
    for (let a: Ancestor | undefined = here; a; a = a.parent) {
      if (a.real === real) return this.skip(abs, 'symlink loop');
    }
    if (isSystemDir(real)) return this.skip(abs, 'system folder');
    if (!this.rootFolders.some((r) => isInside(r, real))) {
      return this.skip(abs, 'symlink outside the analysed folders');
    }
    this.links.push({ abs, rel, real, levels, here });
  }

  /** Ignores that apply to files and folders met during a walk. `isDir` undefined: unknown (broken link). */
  private wantEntry(name: string, rel: string, levels: IgnoreLevel[], abs: string, isDir: boolean | undefined): boolean {
    if (this.o.defaultIgnores) {
      if (isDir !== false && DEFAULT_IGNORED_DIRS.has(name)) return false;
      if (isDir !== true && DEFAULT_IGNORED_FILE.test(name) && isAnalysable(name)) return false;
    }
    if (this.exclude?.(rel)) return false;
    return !this.isGitignored(levels, abs, isDir === true);
  }

  private wantFile(name: string, rel: string, levels: IgnoreLevel[], abs: string): boolean {
    if (!isAnalysable(name) || !this.wantEntry(name, rel, levels, abs, false)) return false;
    return !this.include || matchesSelfOrParent(this.include, rel);
  }

  /**
   * Files git tracks in the walked folders although a .gitignore pattern matches them (git ignores only
   * untracked files: a generated module committed on purpose is source): listed by git's index, then held
   * to every other rule (default ignores, `exclude`, `include`, file type, size). Outside a git work tree,
   * or without git, nothing.
   */
  listTrackedButIgnored(folders: string[]): Promise<string | undefined> {
    if (!folders.length || !findRepoRoot(this.cwd)) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      execFile(
        'git',
        ['ls-files', '-z', '--cached', '--ignored', '--exclude-standard', '--', ...folders.map((f) => this.relToCwd(f) || '.')],
        { cwd: this.cwd, encoding: 'utf8', maxBuffer: 1 << 28, timeout: 30_000 },
        (err, stdout) => resolve(err ? undefined : stdout),
      ).stdin?.end();
    });
  }

  addTrackedButIgnored(out: string | undefined): void {
    if (!out) return;
    for (const rel of out.split('\0')) {
      if (!rel) continue;
      const abs = path.resolve(this.cwd, rel);
      if (this.found.has(abs)) continue;
      const posix = this.relToCwd(abs);
      const parts = posix.split('/');
      const name = parts[parts.length - 1];
      if (!isAnalysable(name) || posix.startsWith('../')) continue;
      if (this.o.defaultIgnores && isDefaultIgnored(posix)) continue;
      if (this.exclude?.(posix) || this.isExcludedWithParents(abs)) continue;
      if (this.include && !matchesSelfOrParent(this.include, posix)) continue;
      let stat: fs.Stats;
      try {
        stat = fs.statSync(abs);
      } catch {
        continue; // deleted in the work tree
      }
      if (stat.isFile()) {
        // Its folder may be one the walk skipped (ignored): a process watching the walked folders watches it too.
        this.dirsSeen?.add(path.dirname(abs));
        this.addFile(abs, fs.realpathSync(abs), stat);
      }
    }
  }

  private addFile(abs: string, real: string, stat?: fs.Stats): void {
    try {
      const s = stat ?? fs.statSync(abs);
      if (this.o.maxFileSize > 0 && s.size > this.o.maxFileSize) return this.skip(abs, 'too large');
      if (!readableByMode(s)) fs.accessSync(abs, fs.constants.R_OK);
      this.stats.set(abs, { size: s.size, mtimeMs: s.mtimeMs });
    } catch {
      return this.skip(abs, 'unreadable');
    }
    this.found.set(abs, real);
  }

  private relToCwd(abs: string): string {
    return path.relative(this.cwd, abs).split(path.sep).join('/');
  }

  private isExcludedWithParents(abs: string): boolean {
    return this.exclude !== undefined && matchesSelfOrParent(this.exclude, this.relToCwd(abs));
  }

  // --- .gitignore ---------------------------------------------------------------------------------------

  /** Last matching rule wins, and a deeper .gitignore overrides a shallower one, as in git. */
  private isGitignored(levels: IgnoreLevel[], abs: string, isDir: boolean): boolean {
    let ignored = false;
    for (const { dir, ig } of levels) {
      const rel = path.relative(dir, abs);
      if (!isStrictlyInside(rel)) continue;
      const r = ig.test(rel.split(path.sep).join('/') + (isDir ? '/' : ''));
      if (r.ignored) ignored = true;
      else if (r.unignored) ignored = false;
    }
    return ignored;
  }

  /**
   * The .gitignore files that apply to a named path: from the repository root (or, outside a repository,
   * from cwd or the path itself) down to the path's folder. `hidden` when one of those folders is itself
   * ignored, which in git hides everything below it. Nothing above the repository root applies.
   */
  private levelsAbove(abs: string, isDir: boolean): { levels: IgnoreLevel[]; hidden: boolean } {
    const own = isDir ? abs : path.dirname(abs);
    const top = findRepoRoot(own) ?? (isInside(this.cwd, abs) ? this.cwd : own);
    const levels: IgnoreLevel[] = [];
    if (abs === top) return { levels, hidden: false };
    const chain: string[] = [];
    for (let d = path.dirname(abs); ; d = path.dirname(d)) {
      chain.unshift(d);
      if (d === top || path.dirname(d) === d) break;
    }
    for (const d of chain) {
      this.dirsSeen?.add(d);
      this.cache?.above(d);
      if (this.isGitignored(levels, d, true)) return { levels, hidden: true };
      const ig = this.readGitignore(d);
      if (ig) levels.push({ dir: d, ig });
    }
    return { levels, hidden: false };
  }

  private readGitignore(dir: string): Ignore | undefined {
    try {
      const file = path.join(dir, '.gitignore');
      const text = fs.readFileSync(file, 'utf8');
      this.cache?.gitignore(file);
      return ignore({ ignorecase: this.ignoreCase }).add(text);
    } catch {
      return undefined;
    }
  }
}

const UID = typeof process.getuid === 'function' ? process.getuid() : undefined;

/**
 * Readable by anyone (or by this user, who owns it) by its mode bits: no access() call needed. Anything else
 * (group bits, no POSIX owners) is asked of the system. (An ACL denying what the bits allow is found when
 * the file is read.)
 */
function readableByMode(s: fs.Stats): boolean {
  if (UID === undefined) return false;
  return (s.mode & 0o004) !== 0 || (s.uid === UID && (s.mode & 0o400) !== 0);
}

function findRepoRoot(from: string): string | undefined {
  for (let d = from; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

function isSymlink(abs: string): boolean {
  try {
    return fs.lstatSync(abs).isSymbolicLink();
  } catch {
    return false;
  }
}

function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || isStrictlyInside(rel);
}

/** `rel` is a `path.relative` result pointing below its base. */
function isStrictlyInside(rel: string): boolean {
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Re-exported for callers that test the path globs used by discovery.
export { globToRegExp } from '../analysis/patterns.js';
