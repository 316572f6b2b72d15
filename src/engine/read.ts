// Reading one source file. Sync on purpose: it runs inside the per-file analysis, which is CPU-bound, and
// discovery has already dropped what is too large to read.
import fs from 'node:fs';

/** Like git: a NUL in the first 8000 characters means binary. */
const BINARY_SNIFF_CHARS = 8000;

/** A file's text, or why it cannot be read. */
export type Source = { ok: true; text: string } | { ok: false; reason: 'binary' | 'unreadable' };

export function readSource(absPath: string): Source {
  let text: string;
  try {
    // Decoding in the same call is Node's one-syscall-sequence fast path; reading a Buffer first and
    // decoding it after measured twice as slow (0.6 s against 0.3 s on 10,000 files). A NUL byte decodes
    // to U+0000, so the binary check still works on the string.
    text = fs.readFileSync(absPath, 'utf8');
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
  const nul = text.indexOf('\0');
  if (nul >= 0 && nul < BINARY_SNIFF_CHARS) return { ok: false, reason: 'binary' };
  return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}
