// Positions in the file being walked: line starts, spans, lines, and function ids (`line:column`).
import type { ts } from '#ts';
import type { Span } from '../../types.js';

/** What position lookups need of the walk: the file and its line starts (`lineStartsOf`). */
export interface FilePositions {
  readonly sourceFile: ts.SourceFile;
  readonly lineStarts: readonly number[];
}

/**
 * Line starts for positions: when the only line break in the text is `\n` (nearly all source), found with
 * indexOf instead of the compiler's character-by-character loop, and given to the source file so the
 * compiler's own position lookups use them too. Same result: the compiler also breaks lines at `\r`,
 * U+2028 and U+2029, and a text with any of those gets the compiler's.
 */
export function lineStartsOf(sf: ts.SourceFile): readonly number[] {
  const text = sf.text;
  if (text.indexOf('\r') >= 0 || text.indexOf('\u2028') >= 0 || text.indexOf('\u2029') >= 0) return sf.getLineStarts();
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  (sf as unknown as { lineMap: readonly number[] }).lineMap = starts;
  return starts;
}

/** The 0-based line of a position: the last line start at or before it. */
export function lineIndex(starts: readonly number[], pos: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Function ids (`line:column`) by position, one string for all files: the same few thousand positions recur
 * in every file (`8:3`, `13:3`…), and each summary keys its functions by them. A new string per function
 * (105,000 on the generated 10,000 files) had V8 look it up in its string table for every dictionary store,
 * and kept them all.
 */
const functionIds = new Map<number, string>();
const ID_COLUMNS = 4096;
const MAX_SHARED_IDS = 200_000;

/** The id of the function summary of a function-like node (ScanContext.fnId). */
export function fnId(w: FilePositions, node: ts.Node): string {
  const pos = node.getStart(w.sourceFile);
  const line = lineIndex(w.lineStarts, pos);
  const column = pos - w.lineStarts[line] + 1;
  if (column >= ID_COLUMNS) return `${line + 1}:${column}`;
  const key = line * ID_COLUMNS + column;
  let id = functionIds.get(key);
  if (id === undefined) {
    if (functionIds.size >= MAX_SHARED_IDS) functionIds.clear();
    functionIds.set(key, (id = `${line + 1}:${column}`));
  }
  return id;
}

export function span(w: FilePositions, node: ts.Node): Span {
  return spanOfRange(w, node.getStart(w.sourceFile), node.end);
}

export function spanOfRange(w: FilePositions, start: number, end: number): Span {
  const starts = w.lineStarts;
  const s = lineIndex(starts, start);
  const e = lineIndex(starts, end);
  return { line: s + 1, column: start - starts[s] + 1, endLine: e + 1, endColumn: end - starts[e] + 1 };
}

/** The 1-based line a node starts on. */
export function lineOf(w: FilePositions, node: ts.Node): number {
  return lineIndex(w.lineStarts, node.getStart(w.sourceFile)) + 1;
}
