// A long-lived analysis of one project, kept in memory and updated file by file (the language server's
// engine): after a change, only the changed files are summarised again, and only they and the files whose
// findings or verdicts read them (a reverse-dependency index over the last judging) are judged again. A
// change to what project-wide indexes are built from (registrations, auto-instrumentation, declarations,
// placeholders), to a file's imports when the module graph decided verdicts, or to the file set, judges
// every file again, as a cached run's plan does.
import { discoverFiles } from './discover.js';
import { displayPath } from './paths.js';
import { activeRules, discoveryOptions, runConfig } from './run.js';
import { ALL_RULES } from './registry.js';
import { createFileWork, type FileOutcome, type FileWorkSettings } from './file-work.js';
import { summarizeMany } from './pool.js';
import { unanalysed } from './analyze.js';
import { lint } from './lint.js';
import { fingerprint } from './fingerprint.js';
import { suppress } from './suppressions.js';
import type { FileOutput, RunningRule } from './judge.js';
import type { Catalog } from './catalog.js';
import type { ResolvedConfig } from '../config/types.js';
import { SummarySet, summaryFlags } from '../analysis/summary-set.js';
import { moduleSignature } from '../analysis/graph.js';
import { filesToJudge, readersIndex } from './incremental.js';
import type { FileSummary, Finding, TargetResult } from '../types.js';

export interface SessionOptions {
  /** The project folder (the workspace folder). */
  root: string;
  /** A config file to use instead of discovery. */
  configPath?: string;
  onDiagnostic?: (message: string) => void;
}

/** What the last update did: which files' findings or targets may have changed, and how much was judged. */
export interface UpdateOutcome {
  changed: string[];
  judged: number;
  full: boolean;
  ms: number;
}

export class Session {
  private files: string[] = [];
  private index = new Map<string, number>();
  private summaries = new SummarySet();
  private skipped = new Map<string, string>();
  private perFile: ({ out: FileOutput; deps: number[] } | undefined)[] = [];
  /** File index → indexes of the files whose judging read it. */
  private readers = new Map<number, number[]>();
  private usedModuleGraph = false;
  private configFiles: string[] = [];
  /** The summaries must be put back in file order before the next judging. */
  private reorder = false;
  private work!: (abs: string, source?: string) => FileOutcome;
  private settings!: FileWorkSettings;
  private rules: RunningRule[] = [];
  private catalog!: Catalog;
  config!: ResolvedConfig;

  private constructor(private readonly o: SessionOptions) {}

  /** Load the config, discover the files, summarise and judge them all. */
  static async open(o: SessionOptions): Promise<Session> {
    const s = new Session(o);
    await s.reload();
    return s;
  }

  /** Everything again: config, file set, summaries (texts in `overlay` stand for their files). */
  async reload(overlay: ReadonlyMap<string, string> = new Map()): Promise<UpdateOutcome> {
    const started = performance.now();
    const { catalog, config, pillars } = await runConfig({ cwd: this.o.root, configPath: this.o.configPath });
    this.catalog = catalog;
    this.config = config;
    const code = new Map(ALL_RULES.map((r) => [r.meta.id, r]));
    this.rules = activeRules(config, pillars, [], catalog).map((r) => ({ ...r, rule: code.get(r.rule.meta.id)! }));
    this.settings = { cwd: this.o.root, config, rules: this.rules.filter((r) => r.rule.create).map((r) => ({ id: r.rule.meta.id, options: r.options })) };
    this.work = createFileWork(this.settings);
    const discovered = await discoverFiles(discoveryOptions(this.o.root, [this.o.root], config));
    this.configFiles = discovered.configFiles;
    const files = [...discovered.files];
    for (const abs of overlay.keys()) if (!files.includes(abs)) files.push(abs);
    this.setFiles(files);
    this.summaries = new SummarySet();
    this.skipped = new Map();
    const onDisk = files.filter((f) => !overlay.has(f));
    const outcomes = await summarizeMany(onDisk, this.settings, 1);
    const byFile = new Map(onDisk.map((f, i) => [f, outcomes[i]!]));
    for (const abs of files) this.take(abs, overlay.has(abs) ? this.work(abs, overlay.get(abs)) : byFile.get(abs)!);
    await this.judge(undefined);
    return { changed: files, judged: this.summaries.size, full: true, ms: performance.now() - started };
  }

  /**
   * Files changed: each maps to its new text (an editor's buffer) or `undefined` (read it from disk again).
   * A file not in the project joins it (a new file the editor opened).
   */
  async update(changes: ReadonlyMap<string, string | undefined>): Promise<UpdateOutcome> {
    const started = performance.now();
    const changedIdx: number[] = [];
    /** Changed files whose change reaches every file's judging (a file new to the project has no summary before). */
    const reachAll = new Set<number>();
    for (const [abs, text] of changes) {
      if (!this.index.has(abs)) this.setFiles([...this.files, abs]);
      const before = this.summaries.has(abs) ? this.summaries.get(abs) : undefined;
      this.take(abs, this.work(abs, text));
      const after = this.summaries.has(abs) ? this.summaries.get(abs) : undefined;
      const i = this.index.get(abs)!;
      if (!before || !after || summaryFlags(before) || summaryFlags(after)) reachAll.add(i);
      else if (this.usedModuleGraph && moduleSignature(before) !== moduleSignature(after)) reachAll.add(i);
      changedIdx.push(i);
    }
    const dirty = filesToJudge(changedIdx, (i) => reachAll.has(i), (i) => this.readers.get(i) ?? []);
    await this.judge(dirty);
    const changed = dirty ? [...dirty].map((i) => this.files[i]!) : [...this.files];
    return { changed, judged: dirty ? dirty.size : this.summaries.size, full: !dirty, ms: performance.now() - started };
  }

  /** A file's findings as a run reports them: suppression comments applied, fingerprinted. */
  findingsOf(abs: string): Finding[] {
    const i = this.index.get(abs);
    const judged = i === undefined ? undefined : this.perFile[i];
    if (!judged) return [];
    let all = fingerprint(judged.out.raw);
    const s = this.summaries.get(abs);
    if (s?.suppressions?.length) {
      all = suppress(all, new Map([[this.display(abs), s.suppressions]]), this.rules, (id) => this.catalog.all.some((r) => r.meta.id === id)).kept;
    }
    return all.sort((a, b) => a.line - b.line || a.column - b.column);
  }

  /** A file's targets with their verdicts and evidence. */
  targetsOf(abs: string): TargetResult[] {
    const i = this.index.get(abs);
    return (i === undefined ? undefined : this.perFile[i])?.out.targets ?? [];
  }

  /** Every file of the project, absolute. */
  get fileList(): readonly string[] {
    return this.files;
  }

  display(abs: string): string {
    return displayPath(this.o.root, abs);
  }

  private setFiles(files: string[]): void {
    this.files = files;
    this.index = new Map(files.map((f, i) => [f, i]));
  }

  /** A file's outcome into the summaries (kept in file order: a replaced summary keeps its place). */
  private take(abs: string, out: FileOutcome): void {
    const wasSkipped = this.skipped.delete(abs);
    if (out.ok) this.summaries.add(abs, out.summary);
    else if (out.analysis) this.summaries.add(abs, unanalysed(this.display(abs), { reason: out.reason, ...(out.position ?? { line: 1, column: 1 }) }) as FileSummary);
    else {
      this.skipped.set(abs, out.reason);
      this.summaries.delete(abs);
    }
    // A file back from being skipped must take its place in file order: rebuild the order once.
    if (wasSkipped && this.summaries.has(abs)) this.reorder = true;
  }

  /** Judge the `dirty` files (every file when undefined), reusing the last output of the others. */
  private async judge(dirty: Set<number> | undefined): Promise<void> {
    if (this.reorder) {
      const ordered = new SummarySet();
      for (const f of this.files) if (!this.skipped.has(f) && this.summaries.has(f)) ordered.add(f, this.summaries.get(f)!);
      this.summaries = ordered;
      this.reorder = false;
    }
    const ordered = this.summaries;
    const previous = this.perFile;
    const result = await lint({
      cwd: this.o.root,
      files: this.files,
      summaries: ordered,
      skipped: this.skipped,
      config: this.config,
      rules: this.rules,
      configFiles: this.configFiles,
      advisory: false,
      explain: true,
      projectTracers: true,
      display: (abs) => this.display(abs),
      trackDependencies: true,
      reuse: dirty ? (i) => (dirty.has(i) || !previous[i] ? undefined : previous[i]) : undefined,
      onDiagnostic: this.o.onDiagnostic,
      perFileOnly: true,
    });
    this.perFile = result.perFile.map((p, i) => (dirty && !dirty.has(i) && previous[i] && p && p.out === previous[i]!.out ? previous[i] : p));
    this.usedModuleGraph = result.usedModuleGraph;
    this.readers = readersIndex(this.perFile.map((p) => p?.deps));
  }
}
