// Text from analysed code (route strings, file names, target names, evidence) reaches terminals, GitHub's
// log and PR comments. Control characters in it could move the cursor, recolour or clear the screen,
// forge workflow commands or hide text (bidirectional overrides, "Trojan Source"): the human, github and
// markdown reports show them escaped. JSON and SARIF keep the exact text (JSON escapes it).
import type { RunResult } from '../types.js';

// C0 controls but tab, DEL, C1 controls, line and paragraph separators, bidirectional embeddings,
// overrides and isolates.
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `\n`, `\r` as written in source; any other unsafe character as `\xHH` or `\u{HHHH}`. */
export function escapeControls(text: string): string {
  if (!UNSAFE.test(text)) return text;
  UNSAFE.lastIndex = 0;
  return text.replace(UNSAFE, (ch) => {
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    const code = ch.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0').toUpperCase()}` : `\\u{${code.toString(16).toUpperCase()}}`;
  });
}

/** The result with every string in it escaped (a copy; the result itself is not changed). */
export function terminalSafe(result: RunResult): RunResult {
  return escapeDeep(result) as RunResult;
}

function escapeDeep(value: unknown): unknown {
  if (typeof value === 'string') return escapeControls(value);
  if (Array.isArray(value)) return value.map(escapeDeep);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = escapeDeep(v);
    return out;
  }
  return value;
}
