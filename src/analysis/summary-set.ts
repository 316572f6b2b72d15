// The summaries of a run, by absolute path, in discovery order. A summary read from the cache is parsed
// only when something asks for it: a run that re-judges a few files (changed-files mode) then reads the
// summaries those files reach, not the whole project's. Flags say which files feed the project-wide
// indexes (registrations, auto-instrumentation) without parsing the others.
import type { FileSummary } from '../types.js';

/** The file registers middleware, mounts, interceptors or global coverage. */
export const HAS_REGISTRATIONS = 1;
/** The file registers auto-instrumentation. */
export const HAS_AUTO_INSTRUMENTATION = 2;
/** The file has placeholder targets that stand for the functions of another module (TargetSummary.each). */
export const HAS_EACH_TARGETS = 4;
/** The file declares entry points of other files (FileSummary.declares). */
export const HAS_DECLARATIONS = 8;

export function summaryFlags(s: FileSummary): number {
  return (
    (s.registrations.length ? HAS_REGISTRATIONS : 0) |
    (s.autoInstrumentation?.length ? HAS_AUTO_INSTRUMENTATION : 0) |
    (s.targets.some((t) => t.each) ? HAS_EACH_TARGETS : 0) |
    (s.declares?.length ? HAS_DECLARATIONS : 0)
  );
}

interface Item {
  summary?: FileSummary;
  load?: () => FileSummary;
  flags: number;
}

export class SummarySet implements ReadonlyMap<string, FileSummary> {
  private readonly items = new Map<string, Item>();

  /** A summary at hand, or a loader for one (called at most once, on first use). */
  add(abs: string, summary: FileSummary | (() => FileSummary), flags?: number): void {
    if (typeof summary === 'function') this.items.set(abs, { load: summary, flags: flags ?? 0 });
    else this.items.set(abs, { summary, flags: flags ?? summaryFlags(summary) });
  }

  get(abs: string): FileSummary | undefined {
    const item = this.items.get(abs);
    if (!item) return undefined;
    if (!item.summary) {
      item.summary = item.load!();
      item.load = undefined;
    }
    return item.summary;
  }

  has(abs: string): boolean {
    return this.items.has(abs);
  }

  delete(abs: string): void {
    this.items.delete(abs);
  }

  get size(): number {
    return this.items.size;
  }

  keys(): MapIterator<string> {
    return this.items.keys();
  }

  *entries(): MapIterator<[string, FileSummary]> {
    for (const k of this.items.keys()) yield [k, this.get(k)!];
  }

  *values(): MapIterator<FileSummary> {
    for (const k of this.items.keys()) yield this.get(k)!;
  }

  [Symbol.iterator](): MapIterator<[string, FileSummary]> {
    return this.entries();
  }

  forEach(cb: (value: FileSummary, key: string, map: ReadonlyMap<string, FileSummary>) => void): void {
    for (const [k, v] of this.entries()) cb(v, k, this);
  }

  /** The files with a flag (HAS_REGISTRATIONS, HAS_AUTO_INSTRUMENTATION, HAS_EACH_TARGETS), parsed; the others stay unread. */
  *withFlag(flag: number): Generator<[string, FileSummary]> {
    for (const [k, item] of this.items) if (item.flags & flag) yield [k, this.get(k)!];
  }
}

/** Files of `summaries` that may have a flag: exactly those for a SummarySet, every file for a plain map. */
export function* flagged(summaries: ReadonlyMap<string, FileSummary>, flag: number): Generator<[string, FileSummary]> {
  if (summaries instanceof SummarySet) yield* summaries.withFlag(flag);
  else for (const [k, s] of summaries) if (summaryFlags(s) & flag) yield [k, s];
}
