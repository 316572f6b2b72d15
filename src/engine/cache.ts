// The caches. The summary cache: one file per (tool version, config, working directory), holding each
// analysed file's FileSummary keyed by its path, with its size, mtime and content hash. The result cache:
// the last analysis as a whole, with what a changed-files run needs to re-judge only the files a change
// can affect (AnalysisOutput.incremental). Cross-file verdicts are never taken from the summary cache:
// when a helper in one file stops emitting, the routes in other files that rely on it are judged again.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { FileSummary } from '../types.js';
import type { AnalysisOutput } from './output.js';
import { statOf, type FileStat } from './discover.js';
import { summaryFlags } from '../analysis/summary-set.js';
import { writeAtomic } from './write-file.js';

interface Entry {
  size: number;
  mtimeMs: number;
  hash: string;
  flags: number;
  /** CRC-32 of the summary's JSON as stored, checked when it is parsed (a damaged entry is dropped). */
  crc?: number;
  /** Parsed (on first use, from `raw`), or made by this run. */
  summary?: FileSummary;
  /** Its JSON as stored: where it sits in a file read whole, or as serialised once for a save. */
  raw?: { buf: Buffer; start: number; end: number };
}

export const contentHash = (text: string) => createHash('sha1').update(text).digest('base64');

/** Default location: `node_modules/.cache/check-doctrines` of the nearest package above cwd (or cwd). */
export function defaultCacheLocation(cwd: string): string {
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'node_modules', '.cache', 'check-doctrines');
    if (path.dirname(dir) === dir) return path.join(cwd, 'node_modules', '.cache', 'check-doctrines');
  }
}

const FORMAT = 3;

/** What a summary cache file held when this process last read or wrote it (a long-lived process only). */
interface KeptSummaries {
  signature: string;
  entries: Map<string, Entry>;
  journalLines: number;
  hasMain: boolean;
}
let kept: Map<string, KeptSummaries> | undefined;
/** The result cache files this process last read or wrote, with the analysis they hold (never changed by the runs that use it). */
let keptResults: Map<string, { signature: string; header: Omit<ResultFile, 'output'>; output: AnalysisOutput }> | undefined;

/**
 * Keep the summary caches read or written by this process in memory (the daemon): a later run whose cache
 * files are as this process left them (same size, mtime and inode) takes the entries from memory instead
 * of reading and parsing the file. Files changed by another process are read again.
 */
export function keepCachesInMemory(): void {
  kept ??= new Map();
  keptResults ??= new Map();
}

/** Cache writes put off until the run's report is out (a long-lived process); undefined: written at once. */
let deferred: (() => void)[] | undefined;

/**
 * Put cache writes off until flushCacheWrites(): a long-lived process answers first and writes after,
 * before its next run reads them. What is written is what the run computed; nothing changes it meanwhile.
 */
export function deferCacheWrites(): void {
  deferred ??= [];
}

export function flushCacheWrites(): void {
  const writes = deferred?.splice(0) ?? [];
  for (const write of writes) write();
}

function fileSignature(...files: string[]): string {
  return files
    .map((f) => {
      try {
        const st = fs.statSync(f);
        return `${st.ino}:${st.size}:${st.mtimeMs}`;
      } catch {
        return '-';
      }
    })
    .join('|');
}

/** A cache entry or file whose content is not what was written (a torn write, a full disk, an edit). */
export class DamagedCacheError extends Error {}
const TAB = 9;
const NL = 10;

/**
 * Stored as lines: a header line `{"key":…,"format":3}`, then one line per file, `[path,size,mtimeMs,hash,
 * flags,crc]` TAB summary JSON (JSON never holds a raw tab or newline, so both split safely). Loading reads
 * the file whole and parses only the small part before each tab; a summary is parsed when the run asks
 * for it, so a run that needs a few files' summaries does not pay for all. Later changes go to a journal
 * of lines in the same form (a line with only `[path]` removes an entry); it is folded into the main file
 * once it holds more than a tenth of the entries.
 *
 * Damage (a torn line left by `kill -9` or a full disk, a truncated file, stray bytes) never fails a run:
 * a line whose metadata does not parse is skipped, and a summary whose bytes do not match their CRC-32 or
 * whose JSON does not parse throws DamagedCacheError when first used; the caller analyses that file again
 * and stores it anew (analyze.ts). A header that does not parse discards the file, which is rebuilt.
 */
export class SummaryCache {
  private entries = new Map<string, Entry>();
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
    private readonly onDiagnostic?: (message: string) => void,
  ) {
    this.file = path.join(location, `summaries-${createHash('sha1').update(key).digest('hex').slice(0, 16)}.jsonl`);
    this.journal = `${this.file}.journal`;
    const memo = kept?.get(this.file);
    if (memo && memo.signature === fileSignature(this.file, this.journal)) {
      this.entries = memo.entries;
      this.journalLines = memo.journalLines;
      this.hasMain = memo.hasMain;
      return;
    }
    try {
      this.read(key, onDiagnostic);
    } finally {
      this.remember();
    }
  }

  /** As this process leaves the files (after reading or writing them), for its next run (keepCachesInMemory). */
  private remember(): void {
    if (!kept) return;
    // Kept as JSON bytes, parsed again when a later run needs them: parsed summaries of every file take
    // several times the memory (a daemon that analysed 10,000 files into two cache folders held 556 MB, 394 MB so).
    for (const e of this.entries.values()) {
      if (!e.summary) continue;
      SummaryCache.bytesOf(e);
      e.summary = undefined;
    }
    kept.set(this.file, { signature: fileSignature(this.file, this.journal), entries: this.entries, journalLines: this.journalLines, hasMain: this.hasMain });
  }

  private read(key: string, onDiagnostic?: (message: string) => void): void {
    let main: Buffer;
    // The one-JSON-document format of earlier versions, under the same name with `.json`: never read again.
    const legacy = this.file.replace(/\.jsonl$/, '.json');
    try {
      fs.rmSync(legacy, { force: true });
      fs.rmSync(`${legacy}.journal`, { force: true });
    } catch {
      // A cache folder we cannot write to: it stays as it is.
    }
    try {
      main = fs.readFileSync(this.file);
    } catch {
      return; // No cache yet: start empty.
    }
    const first = main.indexOf(NL);
    try {
      const header = JSON.parse(main.toString('utf8', 0, first < 0 ? main.length : first)) as { key: string; format: number };
      if (header.key !== key || header.format !== FORMAT) return;
    } catch {
      onDiagnostic?.(`cache: ${this.file} is damaged (its header does not parse); it is rebuilt`);
      return;
    }
    if (first >= 0) this.readLines(main, first + 1, false);
    this.hasMain = true;
    let journal: Buffer;
    try {
      journal = fs.readFileSync(this.journal);
    } catch {
      return;
    }
    this.readLines(journal, 0, true);
  }

  /** Entry lines from `pos`. A line whose metadata is not what this version writes is skipped (its file is analysed again). */
  private readLines(buf: Buffer, pos: number, isJournal: boolean): void {
    let damaged = 0;
    while (pos < buf.length) {
      let end = buf.indexOf(NL, pos);
      // A last line without its newline was torn by an interrupted write.
      if (end < 0) {
        damaged++;
        break;
      }
      const tab = buf.indexOf(TAB, pos);
      const metaEnd = tab >= 0 && tab < end ? tab : end;
      const meta = parseMeta(buf.toString('utf8', pos, metaEnd));
      if (!meta) damaged++;
      else if (meta.length === 1) this.entries.delete(meta[0]);
      else if (metaEnd < end) {
        const [abs, size, mtimeMs, hash, flags, crc] = meta;
        this.entries.set(abs, { size, mtimeMs, hash, flags, crc, raw: { buf, start: metaEnd + 1, end } });
      } else damaged++;
      if (isJournal) this.journalLines++;
      pos = end + 1;
    }
    if (damaged) {
      this.onDiagnostic?.(`cache: ${damaged} damaged line${damaged === 1 ? '' : 's'} in ${isJournal ? this.journal : this.file} skipped; those files are analysed again`);
      // Rewritten whole on save (a journal would leave the damaged lines in place for every later run).
      this.rewrite = true;
    }
  }

  /** The entry's summary, parsed on first use; DamagedCacheError when its bytes are not what was written. */
  private static summaryOf(e: Entry): FileSummary {
    if (!e.summary) {
      const bytes = e.raw!.buf.subarray(e.raw!.start, e.raw!.end);
      if (crc32(bytes) !== e.crc) throw new DamagedCacheError('checksum mismatch');
      let summary: FileSummary;
      try {
        summary = JSON.parse(bytes.toString('utf8')) as FileSummary;
      } catch {
        throw new DamagedCacheError('summary does not parse');
      }
      if (!summary || typeof summary !== 'object' || !Array.isArray(summary.targets) || typeof summary.functions !== 'object') {
        throw new DamagedCacheError('summary has the wrong shape');
      }
      // The bytes stay: a later save writes them as they are instead of serialising the summary again.
      e.summary = summary;
    }
    return e.summary;
  }

  /**
   * The cached summary when the file is unchanged: same size and mtime (no read), or else same content
   * hash (one read; `text` is returned so the caller does not read it again). The summary comes as a
   * loader: it is parsed on first use.
   */
  lookup(
    abs: string,
    readText: () => string | undefined,
    known?: ReadonlyMap<string, FileStat>,
  ): { summary?: () => FileSummary; flags?: number; text?: string } {
    const e = this.entries.get(abs);
    const st = statOf(abs, known);
    if (!st) return {};
    const load = () => SummaryCache.summaryOf(e!);
    // Metadata is trusted unless the file changed in the last two seconds (an edit within the same
    // mtime tick and the same size would otherwise go unnoticed).
    if (e && e.size === st.size && e.mtimeMs === st.mtimeMs && Date.now() - st.mtimeMs > 2000) {
      this.used.add(abs);
      return { summary: load, flags: e.flags };
    }
    const text = readText();
    if (text === undefined) return {};
    if (e && e.hash === contentHash(text)) {
      e.size = st.size;
      e.mtimeMs = st.mtimeMs;
      this.used.add(abs);
      this.changed.add(abs);
      return { summary: load, flags: e.flags, text };
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
    this.entries.set(abs, { size: st.size, mtimeMs: st.mtimeMs, hash: contentHash(text), flags: summaryFlags(summary), summary });
    this.used.add(abs);
    this.changed.add(abs);
  }

  private static line(abs: string, e: Entry): string {
    const body = SummaryCache.bytesOf(e);
    const meta = JSON.stringify([abs, e.size, e.mtimeMs, e.hash, e.flags, e.crc]);
    return `${meta}\t${body.toString('utf8')}`;
  }

  /** The entry's summary as stored: the bytes read, or, for a summary made in this run, serialised once and kept. */
  private static bytesOf(e: Entry): Buffer {
    if (!e.raw) {
      const body = Buffer.from(JSON.stringify(e.summary));
      e.raw = { buf: body, start: 0, end: body.length };
      e.crc = crc32(body);
    }
    return e.raw.buf.subarray(e.raw.start, e.raw.end);
  }

  /**
   * Forget an entry found damaged when used (by absolute path, as entries are keyed): the file is analysed
   * again and stored anew, and the next save rewrites the file whole, without it.
   */
  discard(abs: string, why: string): void {
    this.onDiagnostic?.(`cache: the entry of ${abs} is damaged (${why}); analysing the file again`);
    this.entries.delete(abs);
    this.rewrite = true;
  }
  /** Damage was found: the next save rewrites the main file whole and drops the journal. */
  private rewrite = false;

  /** Write entries of files seen in this run (others are dropped), whole or not at all. */
  save(): void {
    if (deferred) {
      deferred.push(() => this.saveNow());
      return;
    }
    this.saveNow();
  }

  private saveNow(): void {
    // Entries of files not analysed this run (a narrower path, an excluded folder) are kept while the
    // file exists, so a run on one folder does not empty the cache of the whole project.
    const gone = [...this.entries.keys()].filter((k) => !this.used.has(k) && !fs.existsSync(k));
    if (this.changed.size === 0 && gone.length === 0 && !this.rewrite) return;
    for (const k of gone) this.entries.delete(k);
    const total = this.entries.size;
    if (this.hasMain && !this.rewrite && this.journalLines + this.changed.size + gone.length <= Math.max(50, total / 10)) {
      const lines = [...[...this.changed].map((k) => SummaryCache.line(k, this.entries.get(k)!)), ...gone.map((k) => JSON.stringify([k]))];
      try {
        fs.appendFileSync(this.journal, `${lines.join('\n')}\n`);
        this.journalLines += lines.length;
        this.remember();
        return;
      } catch {
        // Fall through to a full rewrite.
      }
    }
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      // Written entry by entry: one string of every summary would be the run's largest allocation.
      writeAtomic(this.file, (fd) => {
        fs.writeSync(fd, `${JSON.stringify({ key: this.key, format: FORMAT })}\n`);
        for (const [k, e] of this.entries) fs.writeSync(fd, `${SummaryCache.line(k, e)}\n`);
      });
      fs.rmSync(this.journal, { force: true });
      this.journalLines = 0;
      this.hasMain = true;
      this.rewrite = false;
      this.remember();
    } catch {
      // A cache that cannot be written never fails the run.
      kept?.delete(this.file);
    }
  }
}

interface ResultFile {
  key: string;
  /** Byte length and CRC-32 of the output line: a truncated or altered file is not used. */
  length?: number;
  crc?: number;
  /** Hash of every analysed file's path, size and mtime, and of the tsconfig files read; null when a file had just changed. */
  signature: string | null;
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
    private readonly onDiagnostic?: (message: string) => void,
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
   * checked first, so a run that cannot use the last analysis does not parse it. `exact`: the analysis is
   * current (nothing it read changed). With `orPrevious`, an analysis with the same key is returned even
   * when files changed since: a changed-files run reuses what the change cannot affect (analyze.ts,
   * IncrementalState).
   */
  lookup(orPrevious = false): { output: AnalysisOutput; exact: boolean } | undefined {
    return this.read(orPrevious);
  }

  /** Nothing the stored analysis read changed since (by size and mtime). */
  private current(header: Omit<ResultFile, 'output'>): boolean {
    const sig = this.signature(header.tsconfigs);
    return !!sig && sig === header.signature;
  }

  private read(orPrevious: boolean): { output: AnalysisOutput; exact: boolean } | undefined {
    const memo = keptResults?.get(this.file);
    if (memo && memo.signature === fileSignature(this.file)) {
      if (memo.header.key !== this.key) return undefined;
      const exact = this.current(memo.header);
      return exact || orPrevious ? { output: memo.output, exact } : undefined;
    }
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
      let header: Omit<ResultFile, 'output'>;
      try {
        header = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Omit<ResultFile, 'output'>;
      } catch {
        throw new DamagedCacheError('its header does not parse');
      }
      if (header.key !== this.key) return undefined;
      const exact = this.current(header);
      if (!exact && !orPrevious) return undefined;
      const size = fs.fstatSync(fd).size;
      const rest = Buffer.allocUnsafe(size - nl - 1);
      let read = 0;
      while (read < rest.length) {
        const n = fs.readSync(fd, rest, read, rest.length - read, nl + 1 + read);
        if (n === 0) return undefined;
        read += n;
      }
      if (rest.length !== header.length || crc32(rest) !== header.crc) throw new DamagedCacheError('its length or checksum does not match');
      let output: AnalysisOutput;
      try {
        output = JSON.parse(rest.toString('utf8')) as AnalysisOutput;
      } catch {
        throw new DamagedCacheError('it does not parse');
      }
      if (!output || !Array.isArray(output.findings) || !Array.isArray(output.targets) || typeof output.coverage !== 'object') {
        throw new DamagedCacheError('it has the wrong shape');
      }
      keptResults?.set(this.file, { signature: fileSignature(this.file), header, output });
      return { output, exact };
    } catch (err) {
      if (err instanceof DamagedCacheError) {
        this.onDiagnostic?.(`cache: ${this.file} is damaged (${err.message}); the analysis is done again and the file rewritten`);
        fs.rmSync(this.file, { force: true });
      }
      return undefined;
    } finally {
      fs.closeSync(fd);
    }
  }

  store(output: AnalysisOutput): void {
    if (deferred) {
      // The tsconfig stats are taken now, as an immediate write would (a later edit must not pass for seen).
      const signature = this.signature(output.tsconfigs) ?? null;
      deferred.push(() => this.storeNow(output, signature));
      return;
    }
    this.storeNow(output, this.signature(output.tsconfigs) ?? null);
  }

  private storeNow(output: AnalysisOutput, signature: string | null): void {
    // Stored even when a file has just changed (no signature then: only a changed-files run reuses it,
    // and it re-judges the files whose metadata could not be trusted).
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const body = Buffer.from(JSON.stringify(output));
      const header: Omit<ResultFile, 'output'> = { key: this.key, signature, tsconfigs: output.tsconfigs, length: body.length, crc: crc32(body) };
      writeAtomic(this.file, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), body]));
      keptResults?.set(this.file, { signature: fileSignature(this.file), header, output });
    } catch {
      keptResults?.delete(this.file);
      // A cache that cannot be written never fails the run.
    }
  }
}

/** An entry line's metadata: `[path]` (removed) or `[path, size, mtimeMs, hash, flags, crc]`; undefined when damaged. */
function parseMeta(text: string): [string] | [string, number, number, string, number, number] | undefined {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(m) || typeof m[0] !== 'string') return undefined;
  if (m.length === 1) return [m[0]];
  const [abs, size, mtimeMs, hash, flags, crc] = m as unknown[];
  if (m.length !== 6 || typeof size !== 'number' || typeof mtimeMs !== 'number' || typeof hash !== 'string' || typeof flags !== 'number' || typeof crc !== 'number') return undefined;
  return [abs as string, size, mtimeMs, hash, flags, crc];
}
