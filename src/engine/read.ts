// Reading one source file. Sync on purpose: it runs inside the per-file analysis, which is CPU-bound, and
// discovery has already dropped what is too large to read.
import fs from 'node:fs';

/** Like git: a NUL byte in the first 8000 bytes means binary. */
const BINARY_SNIFF_BYTES = 8000;

export function readSource(absPath: string): { ok: true; text: string } | { ok: false; reason: 'binary' | 'unreadable' } {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(absPath);
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
  if (buf.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { ok: false, reason: 'binary' };
  const text = buf.toString('utf8');
  return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}
