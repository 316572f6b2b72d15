// Discovery for a long-lived process (the daemon, src/daemon/server.ts): the last walk's result, kept current
// by watching the folders it walked (inotify, FSEvents or ReadDirectoryChangesW through fs.watch) instead
// of walking and stat'ing every file again.
//
// A folder watcher reports each entry of the folder that is created, deleted, renamed ('rename') or whose
// content or attributes change ('change'). What discovery decides depends only on entry names and kinds,
// .gitignore files, sizes (maxFileSize) and readability, so:
// - a change to an analysed file: that file is stat'ed again (its size and mtime are what the caches compare);
// - a change to an entry that discovery skips by name (an image, a swap file, a test file): nothing;
// - anything that can change what is analysed (an analysed file added or gone, a folder added or removed, a
//   .gitignore or framework config file touched, a skipped file touched, an event without a name): the next
//   run walks again (with the walk record, re-reading only folders whose mtime changed).
// A walk's result is trusted only once a walk ran wholly under watchers: the first walk of a set of folders
// sets the watchers up after reading them, so a change in between would go unseen; the next run walks again.
// More events between two runs than the kernel's queue could hold (an overflowing queue drops events
// silently) also means a walk: a `git checkout` of thousands of files costs one walk, never a stale result.
import fs from 'node:fs';
import path from 'node:path';
import { discoverFiles, type DiscoverOptions, type Discovered } from './discover.js';
import { isFrameworkConfigFile } from '../analysis/config-files.js';
import { ANALYSED_EXTENSIONS } from './discover.js';
import { PROBED_NAMES, forgetProbes } from '../analysis/probe.js';

const ANALYSED = new Set<string>(ANALYSED_EXTENSIONS);

interface Watched {
  discovered: Discovered;
  dirs: Set<string>;
  skipped: Set<string>;
  configFiles: Set<string>;
  maxFileSize: number;
  /** Trusted when the last walk ran with every one of its folders already watched. */
  trusted: boolean;
  /** Paths named by events since the last run -> whether an entry was created, deleted or renamed there. */
  dirty: Map<string, boolean>;
  /** Something only a walk can settle (a folder's event without a name, a watcher's error). */
  rewalk: boolean;
  events: number;
}

export interface WatchStatus {
  /** Folders watched. */
  folders: number;
  /** Why watching stopped, if it did (every run then walks, as a one-shot run does). */
  unavailable?: string;
  /** Runs answered from the watched record, and walks (the first, and those a change required). */
  reused: number;
  walks: number;
}

export class WatchedDiscovery {
  private readonly sets = new Map<string, Watched>();
  private readonly watchers = new Map<string, fs.FSWatcher>();
  /** Watched folder -> the sets whose walk listed it. */
  private readonly owners = new Map<string, Set<Watched>>();
  private unavailable: string | undefined;
  private reused = 0;
  private walks = 0;

  /** `maxEvents`: more events than this between two runs means a walk (keep it below the kernel's queue length). */
  constructor(private readonly maxEvents = defaultMaxEvents()) {}

  /** Files this process just wrote (`--fix`): settled by the next run as changed, whether or not their events have arrived. */
  written(files: string[]): void {
    for (const set of this.sets.values()) for (const f of files) set.dirty.set(f, true);
  }

  /** Whether a change in folder `dir` would be seen. */
  watches(dir: string): boolean {
    return this.watchers.has(dir) && !this.unavailable;
  }

  status(): WatchStatus {
    return { folders: this.watchers.size, ...(this.unavailable ? { unavailable: this.unavailable } : {}), reused: this.reused, walks: this.walks };
  }

  async discover(o: DiscoverOptions): Promise<Discovered> {
    const key = JSON.stringify([o.cwd, o.paths, o.include, o.exclude, o.defaultIgnores, o.maxFileSize, o.cacheDir ?? null]);
    const set = this.sets.get(key);
    if (set && set.trusted && !set.rewalk && set.events <= this.maxEvents && !this.unavailable) {
      const settled = this.settle(set);
      if (settled) {
        this.reused++;
        return clone(settled);
      }
    }
    return clone(await this.walk(key, o, set));
  }

  /** Close every watcher (the process is stopping). */
  close(): void {
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
    this.owners.clear();
    this.sets.clear();
  }

  private async walk(key: string, o: DiscoverOptions, previous: Watched | undefined): Promise<Discovered> {
    this.walks++;
    const set: Watched = previous ?? { discovered: undefined!, dirs: new Set(), skipped: new Set(), configFiles: new Set(), maxFileSize: o.maxFileSize, trusted: false, dirty: new Map(), rewalk: false, events: 0 };
    // Events from here on are about this walk or later: they stay for the next run to settle.
    set.dirty = new Map();
    set.rewalk = false;
    set.events = 0;
    forgetProbes();
    const discovered = await discoverFiles({ ...o, listDirs: true });
    const dirs = new Set(discovered.dirs ?? []);
    let added = 0;
    for (const d of dirs) {
      if (set.dirs.has(d) && this.watchers.has(d)) continue;
      if (this.watch(d, set)) added++;
    }
    for (const d of set.dirs) if (!dirs.has(d)) this.release(d, set);
    set.dirs = dirs;
    set.discovered = discovered;
    set.skipped = new Set(discovered.skippedPaths ?? []);
    set.configFiles = new Set(discovered.configFiles);
    set.trusted = added === 0 && !this.unavailable;
    this.sets.set(key, set);
    return discovered;
  }

  private watch(dir: string, set: Watched): boolean {
    let owners = this.owners.get(dir);
    if (!owners) this.owners.set(dir, (owners = new Set()));
    owners.add(set);
    // Watched already (for another set of paths): it was watched throughout this walk.
    if (this.watchers.has(dir) || this.unavailable) return false;
    try {
      const w = fs.watch(dir, { persistent: false }, (type, name) => this.event(dir, type, name));
      w.on('error', () => {
        // The folder went away (its parent's event says so) or the watcher broke: walk again.
        for (const s of this.owners.get(dir) ?? []) s.rewalk = true;
        w.close();
        this.watchers.delete(dir);
      });
      this.watchers.set(dir, w);
      return true;
    } catch (err) {
      // Out of watches (inotify's max_user_watches) or a folder gone meanwhile: stop watching altogether
      // rather than trust a partial set; every run then walks.
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        for (const s of owners) s.rewalk = true;
        return false;
      }
      this.unavailable = `cannot watch ${dir} (${code ?? (err as Error).message})${code === 'ENOSPC' ? '; raise fs.inotify.max_user_watches' : ''}`;
      for (const w of this.watchers.values()) w.close();
      this.watchers.clear();
      return false;
    }
  }

  private release(dir: string, set: Watched): void {
    const owners = this.owners.get(dir);
    owners?.delete(set);
    if (owners && owners.size === 0) {
      this.owners.delete(dir);
      this.watchers.get(dir)?.close();
      this.watchers.delete(dir);
    }
  }

  private unwatchTree(top: string): void {
    const below = top + path.sep;
    for (const [d, w] of this.watchers) {
      if (d !== top && !d.startsWith(below)) continue;
      w.close();
      this.watchers.delete(d);
      for (const s of this.owners.get(d) ?? []) s.rewalk = true;
    }
  }

  private event(dir: string, type: string, name: string | Buffer | null): void {
    const owners = this.owners.get(dir);
    if (!owners) return;
    // package.json, tsconfig.json and the like: what the analysis remembered of them goes (src/analysis/probe.ts).
    if (name === null || name === undefined || PROBED_NAMES.has(name.toString())) forgetProbes();
    // A watched folder removed, renamed or replaced: its watchers (and those below it) may be watching a
    // folder that is gone, so they go; the walk that follows watches whatever stands there now.
    const child = name === null || name === undefined ? undefined : path.join(dir, name.toString());
    if (child !== undefined && this.watchers.has(child)) this.unwatchTree(child);
    for (const set of owners) {
      set.events++;
      if (name === null || name === undefined) {
        set.rewalk = true;
        continue;
      }
      const abs = path.join(dir, name.toString());
      set.dirty.set(abs, (set.dirty.get(abs) ?? false) || type === 'rename');
    }
  }

  /**
   * The last walk's result with the changes since applied, or undefined when only a walk can tell: analysed
   * files changed in place are stat'ed again; entries discovery skips by name are let be.
   */
  private settle(set: Watched): Discovered | undefined {
    const d = set.discovered;
    const restat = new Set(d.linked ?? []);
    for (const [abs, renamed] of set.dirty) {
      if (d.stats.has(abs)) {
        restat.add(abs);
        continue;
      }
      const name = path.basename(abs);
      if (name === '.gitignore' || set.skipped.has(abs) || set.configFiles.has(abs) || set.dirs.has(abs) || isFrameworkConfigFile(name)) return undefined;
      if (!renamed) continue; // The content of a file discovery skipped by its name.
      let st: fs.Stats;
      try {
        st = fs.lstatSync(abs);
      } catch {
        continue; // Created and gone since (an editor's temporary file).
      }
      if (!st.isFile() || ANALYSED.has(path.extname(name))) return undefined;
    }
    let stats = d.stats;
    if (restat.size) {
      stats = new Map(d.stats);
      for (const abs of restat) {
        let st: fs.Stats;
        try {
          st = fs.statSync(abs);
        } catch {
          return undefined; // Gone: a walk says what is analysed now.
        }
        // Grown past maxFileSize, or made unreadable: a walk counts it as skipped.
        if (!st.isFile() || (set.maxFileSize > 0 && st.size > set.maxFileSize) || !readable(abs)) return undefined;
        stats.set(abs, { size: st.size, mtimeMs: st.mtimeMs });
      }
    }
    set.dirty = new Map();
    set.events = 0;
    set.discovered = { ...d, stats };
    return set.discovered;
  }
}

function readable(abs: string): boolean {
  try {
    fs.accessSync(abs, fs.constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/** A copy the run may change (a `--stdin` run adds or drops files). */
function clone(d: Discovered): Discovered {
  return { ...d, files: [...d.files], stats: new Map(d.stats), skipped: new Map(d.skipped), configFiles: [...d.configFiles] };
}

/** Half the kernel's inotify queue (events beyond it are dropped): more between two runs means a walk. */
function defaultMaxEvents(): number {
  try {
    const n = Number(fs.readFileSync('/proc/sys/fs/inotify/max_queued_events', 'utf8').trim());
    if (Number.isFinite(n) && n > 0) return Math.max(64, Math.floor(n / 2));
  } catch {
    // Not Linux: other platforms' watchers report an overflow as an event without a name.
  }
  return 4096;
}
