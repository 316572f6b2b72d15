// The summary cache: one file per (tool version, config, working directory), holding each analysed
// file's FileSummary keyed by its path, with its size, mtime and content hash. Only per-file work is
// cached; cross-file analysis reruns over the summaries every time, so when a helper in one file stops
// emitting, the routes in other files that rely on it are judged again on the next run.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { FileSummary } from '../types.js';
import type { AnalysisOutput } from './analyze.js';
import type { FileStat } from './discover.js';

/** The file's size and mtime: as discovery saw them when it did, else from a stat (undefined if gone). */
function statOf(abs: string, known: ReadonlyMap<string, FileStat> | undefined): FileStat | undefined {
  const k = known?.get(abs);
  if (k) return k;
  try {
    return fs.statSync(abs);
  } catch {
    return undefined;
  }
}

interface Entry {
  size: number;
  mtimeMs: number;
  hash: string;
  summary: FileSummary;
}

interface CacheFile {
  key: string;
  entries: Record<string, Entry>;
}

export const contentHash = (text: string) => createHash('sha1').update(text).digest('base64');

/** Default location: `node_modules/.cache/check-doctrines` of the nearest package above cwd (or cwd). */
export function defaultCacheLocation(cwd: string): string {
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'node_modules', '.cache', 'check-doctrines');
    if (path.dirname(dir) === dir) return path.join(cwd, 'node_modules', '.cache', 'check-doctrines');
  }
}

/**
 * Stored as one JSON file plus a journal of later changes (one JSON line per changed or removed entry):
 * a run that re-analyses a few files appends a few lines instead of rewriting every summary. The journal
 * is folded into the main file once it holds more than a tenth of the entries.
 */
export class SummaryCache {
  private entries: Record<string, Entry> = {};
  private readonly used = new Set<string>();
  /** Entries changed (stored, or metadata refreshed) in this run. */
  private readonly changed = new Set<string>();
  private journalLines = 0;
  private hasMain = false;
  private readonly file: string;
  private readonly journal: string;

  constructor(
    location: string,
    private readonly key: string,
  ) {
    this.file = path.join(location, `summaries-${createHash('sha1').update(key).digest('hex').slice(0, 16)}.json`);
    this.journal = `${this.file}.journal`;
    try {
      const data = JSON.parse(fs.readFileSync(this.file, 'utf8')) as CacheFile;
      if (data.key !== key) return;
      this.entries = data.entries;
      this.hasMain = true;
    } catch {
      // No cache yet, or unreadable: start empty.
      return;
    }
    let lines: string[] = [];
    try {
      lines = fs.readFileSync(this.journal, 'utf8').split('\n');
    } catch {
      return;
    }
    for (const line of lines) {
      if (!line) continue;
      let rec: { k: string; e?: Entry };
      try {
        rec = JSON.parse(line);
      } catch {
        break; // a torn last line from an interrupted run
      }
      if (rec.e) this.entries[rec.k] = rec.e;
      else delete this.entries[rec.k];
      this.journalLines++;
    }
  }

  /**
   * The cached summary when the file is unchanged: same size and mtime (no read), or else same content
   * hash (one read; `text` is returned so the caller does not read it again).
   */
  lookup(abs: string, readText: () => string | undefined, known?: ReadonlyMap<string, FileStat>): { summary?: FileSummary; text?: string } {
    const e = this.entries[abs];
    const st = statOf(abs, known);
    if (!st) return {};
    // Metadata is trusted unless the file changed in the last two seconds (an edit within the same
    // mtime tick and the same size would otherwise go unnoticed).
    if (e && e.size === st.size && e.mtimeMs === st.mtimeMs && Date.now() - st.mtimeMs > 2000) {
      this.used.add(abs);
      return { summary: e.summary };
    }
    const text = readText();
    if (text === undefined) return {};
    if (e && e.hash === contentHash(text)) {
      e.size = st.size;
      e.mtimeMs = st.mtimeMs;
      this.used.add(abs);
      this.changed.add(abs);
      return { summary: e.summary, text };
    }
    return { text };
  }

  store(abs: string, text: string | undefined, summary: FileSummary): void {
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
      text ??= fs.readFileSync(abs, 'utf8');
    } catch {
      return;
    }
    this.entries[abs] = { size: st.size, mtimeMs: st.mtimeMs, hash: contentHash(text), summary };
    this.used.add(abs);
    this.changed.add(abs);
  }

  /** Write entries of files seen in this run (others are dropped), whole or not at all. */
  save(): void {
    // Entries of files not analysed this run (a narrower path, an excluded folder) are kept while the
    // file exists, so a run on one folder does not empty the cache of the whole project.
    const gone = Object.keys(this.entries).filter((k) => !this.used.has(k) && !fs.existsSync(k));
    if (this.changed.size === 0 && gone.length === 0) return;
    for (const k of gone) delete this.entries[k];
    const total = Object.keys(this.entries).length;
    if (this.hasMain && this.journalLines + this.changed.size + gone.length <= Math.max(50, total / 10)) {
      const lines = [...[...this.changed].map((k) => JSON.stringify({ k, e: this.entries[k] })), ...gone.map((k) => JSON.stringify({ k }))];
      try {
        fs.appendFileSync(this.journal, `${lines.join('\n')}\n`);
        return;
      } catch {
        // Fall through to a full rewrite.
      }
    }
    const entries = this.entries;
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      // Written entry by entry: one JSON string of every summary would be the run's largest allocation.
      const fd = fs.openSync(tmp, 'w');
      try {
        fs.writeSync(fd, `{"key":${JSON.stringify(this.key)},"entries":{`);
        let first = true;
        for (const [k, e] of Object.entries(entries)) {
          fs.writeSync(fd, `${first ? '' : ','}${JSON.stringify(k)}:${JSON.stringify(e)}`);
          first = false;
        }
        fs.writeSync(fd, '}}');
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, this.file);
      fs.rmSync(this.journal, { force: true });
    } catch {
      fs.rmSync(tmp, { force: true });
    }
  }
}

interface ResultFile {
  key: string;
  /** Hash of every analysed file's path, size and mtime, and of the tsconfig files read. */
  signature: string;
  tsconfigs: string[];
  output: AnalysisOutput;
}

/**
 * The whole analysis of the last run, reused when no analysed file and no tsconfig changed since (by
 * size and mtime) and nothing else in the key did: tool code, config, rules, severities, modes. A run
 * with nothing changed then reads one file instead of loading the compiler and rebuilding the graph.
 */
export class ResultCache {
  private readonly file: string;

  constructor(
    location: string,
    private readonly key: string,
    private readonly files: string[],
    private readonly stats?: ReadonlyMap<string, FileStat>,
  ) {
    this.file = path.join(location, `result-${createHash('sha1').update(key).digest('hex').slice(0, 16)}.json`);
  }

  private signature(tsconfigs: string[]): string | undefined {
    const h = createHash('sha1');
    const now = Date.now();
    for (const f of [...this.files, ...tsconfigs]) {
      const st = statOf(f, this.stats);
      if (!st) {
        h.update(`${f}\0missing\n`);
        continue;
      }
      // A file changed in the last two seconds could change again within the same mtime tick.
      if (now - st.mtimeMs < 2000) return undefined;
      h.update(`${f}\0${st.size}\0${st.mtimeMs}\n`);
    }
    return h.digest('hex');
  }

  /**
   * Stored as two lines: a small header (key, signature, tsconfigs), then the output. The header is
   * checked first, so a run with changed files does not parse the whole previous analysis for nothing.
   */
  lookup(): AnalysisOutput | undefined {
    let fd: number;
    try {
      fd = fs.openSync(this.file, 'r');
    } catch {
      return undefined;
    }
    try {
      // The header line first, read on its own: when it does not match, the rest is never read.
      const chunks: Buffer[] = [];
      let nl = -1;
      let offset = 0;
      while (nl < 0) {
        const buf = Buffer.allocUnsafe(64 * 1024);
        const n = fs.readSync(fd, buf, 0, buf.length, offset);
        if (n === 0) return undefined;
        const got = buf.subarray(0, n);
        const i = got.indexOf(10);
        chunks.push(i >= 0 ? got.subarray(0, i) : got);
        if (i >= 0) nl = offset + i;
        offset += n;
      }
      const header = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Omit<ResultFile, 'output'>;
      if (header.key !== this.key) return undefined;
      const sig = this.signature(header.tsconfigs);
      if (!sig || sig !== header.signature) return undefined;
      const size = fs.fstatSync(fd).size;
      const rest = Buffer.allocUnsafe(size - nl - 1);
      let read = 0;
      while (read < rest.length) {
        const n = fs.readSync(fd, rest, read, rest.length - read, nl + 1 + read);
        if (n === 0) return undefined;
        read += n;
      }
      return JSON.parse(rest.toString('utf8')) as AnalysisOutput;
    } catch {
      return undefined;
    } finally {
      fs.closeSync(fd);
    }
  }

  store(output: AnalysisOutput): void {
    const signature = this.signature(output.tsconfigs);
    if (!signature) return;
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const header: Omit<ResultFile, 'output'> = { key: this.key, signature, tsconfigs: output.tsconfigs };
      fs.writeFileSync(tmp, `${JSON.stringify(header)}\n${JSON.stringify(output)}`);
      fs.renameSync(tmp, this.file);
    } catch {
      fs.rmSync(tmp, { force: true });
    }
  }
}
