// Applying the safe fixes findings carry (`--fix`, `--fix-dry-run`): per file, each finding's edits as one
// group; groups that overlap one already taken wait for the next pass (the run is repeated until nothing is
// left to fix, as ESLint does). Only the files of the reported findings are touched, so `--staged` fixes
// staged files only.
import fs from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { Finding, FixEdit } from '../types.js';
import { writeAtomic } from './write-file.js';
import { filesWritten } from './written.js';

export interface FileFix {
  /** The file as the report names it (relative to the working directory). */
  file: string;
  before: string;
  after: string;
  /** Findings whose fix is in `after`. */
  fixed: number;
}

/** The fixes of `findings`, file by file, applied to the files' current text in memory. */
export function planFixes(cwd: string, findings: readonly Finding[], unsafe = false): FileFix[] {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!editsOf(f, unsafe).length) continue;
    let list = byFile.get(f.file);
    if (!list) byFile.set(f.file, (list = []));
    list.push(f);
  }
  const out: FileFix[] = [];
  for (const [file, list] of byFile) {
    let before: string;
    try {
      before = fs.readFileSync(path.resolve(cwd, file), 'utf8');
    } catch {
      continue;
    }
    const { text, applied } = applyEdits(before, list.map((f) => editsOf(f, unsafe)));
    if (applied && text !== before) out.push({ file, before, after: text, fixed: applied });
  }
  return out;
}

/** A finding's safe fix, else with `unsafe` (`--fix --unsafe`) its first suggestion's. */
function editsOf(f: Finding, unsafe: boolean): FixEdit[] {
  return f.fix?.edits.length ? f.fix.edits : unsafe ? (f.suggestions?.[0]?.fix.edits ?? []) : [];
}

/**
 * `groups` applied to `text`: each group is one finding's edits, taken whole or not at all; a group that
 * overlaps an earlier taken one is left for the next pass.
 */
export function applyEdits(text: string, groups: readonly FixEdit[][]): { text: string; applied: number } {
  const starts = lineStarts(text);
  const offset = (p: { line: number; column: number }) => Math.min(text.length, (starts[p.line - 1] ?? text.length) + p.column - 1);
  const taken: { start: number; end: number; text: string }[] = [];
  let applied = 0;
  const ordered = groups
    .map((g) => g.map((e) => ({ start: offset(e.range.start), end: offset(e.range.end), text: e.text })))
    .sort((a, b) => Math.min(...a.map((e) => e.start)) - Math.min(...b.map((e) => e.start)));
  for (const group of ordered) {
    // Two edits overlap when their ranges intersect, or when both touch the same point (two insertions there).
    // An edit identical to a taken one (the import two suggestions of a file both add) is shared, not repeated.
    const same = (e: { start: number; end: number; text: string }, t: { start: number; end: number; text: string }) => e.start === t.start && e.end === t.end && e.text === t.text;
    const overlaps = group.some((e) => taken.some((t) => !same(e, t) && ((e.start < t.end && t.start < e.end) || e.start === t.start)));
    if (overlaps) continue;
    taken.push(...group.filter((e) => !taken.some((t) => same(e, t))));
    applied++;
  }
  let out = text;
  for (const e of taken.sort((a, b) => b.start - a.start || b.end - a.end)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return { text: out, applied };
}

/** Write the fixed files (each whole, atomically). */
export function writeFixes(cwd: string, fixes: readonly FileFix[]): void {
  for (const f of fixes) writeAtomic(path.resolve(cwd, f.file), f.after);
  filesWritten(fixes.map((f) => path.resolve(cwd, f.file)));
}

/** A unified diff of the fixes, `a/` and `b/` prefixed as git prints them. */
export function fixesDiff(fixes: readonly FileFix[]): string {
  return fixes.map((f) => createTwoFilesPatch(`a/${f.file}`, `b/${f.file}`, f.before, f.after, undefined, undefined, { context: 3 }).replace(/^=+\n/m, '').replace(/^Index: .*\n/m, '')).join('');
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}
