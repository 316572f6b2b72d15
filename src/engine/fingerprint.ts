import { createHash } from 'node:crypto';
import type { Finding } from '../types.js';

/**
 * Fingerprints anchor on rule, file and enclosing symbol (plus the occurrence index among identical
 * anchors), never on line numbers, so inserting lines above a finding does not change it.
 */
export function fingerprint(raw: Omit<Finding, 'fingerprint'>[]): Finding[] {
  const ordered = [...raw].sort((a, b) => a.line - b.line || a.column - b.column);
  const seen = new Map<string, number>();
  const out: Finding[] = [];
  for (const f of ordered) {
    const anchor = `${f.ruleId}\0${f.file}\0${f.symbol ?? ''}`;
    const n = seen.get(anchor) ?? 0;
    seen.set(anchor, n + 1);
    const fp = createHash('sha256').update(`${anchor}\0${n}`).digest('hex').slice(0, 32);
    out.push({ ...f, fingerprint: fp });
  }
  return out;
}
