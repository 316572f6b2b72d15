// Baselines: accept today's findings, fail only on new ones.
//
// `--update-baseline [file]` writes the run's findings (after inline suppressions) by fingerprint.
// Fingerprints anchor on rule, file and enclosing symbol, never on line numbers (see run.ts), so edits
// above a baselined finding keep it baselined. The file is meant to be committed and reviewed: one entry
// per line, sorted by file, rule and symbol, with the message for humans, and no line numbers (they
// would churn on every unrelated edit). `--baseline [file]` reports only findings whose fingerprint is
// not in the file, and counts entries that no longer occur so the file can be shrunk.
import fs from 'node:fs';
import path from 'node:path';
import { writeWhole } from './write-file.js';
import { UsageError } from '../errors.js';
import type { Finding } from '../types.js';

export const DEFAULT_BASELINE = '.doctrines-baseline.json';

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  file: string;
  symbol?: string;
  message: string;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The baseline file's text: stable order, one entry per line, so reviews and merges diff cleanly. */
export function formatBaseline(findings: Finding[]): string {
  const entries: BaselineEntry[] = findings.map((f) => ({
    fingerprint: f.fingerprint,
    ruleId: f.ruleId,
    file: f.file,
    ...(f.symbol !== undefined ? { symbol: f.symbol } : {}),
    message: f.message,
  }));
  entries.sort(
    (a, b) =>
      compare(a.file, b.file) || compare(a.ruleId, b.ruleId) || compare(a.symbol ?? '', b.symbol ?? '') || compare(a.fingerprint, b.fingerprint),
  );
  const lines = entries.map((e) => `    ${JSON.stringify(e)}`);
  return `{\n  "schemaVersion": 1,\n  "tool": "check-doctrines",\n  "findings": [${lines.length ? `\n${lines.join(',\n')}\n  ` : ''}]\n}\n`;
}

/** Write the baseline whole or not at all (write-file.ts). */
export function writeBaseline(file: string, findings: Finding[]): void {
  writeWhole(file, formatBaseline(findings), 'baseline');
}

/** Read and validate a baseline file; any problem is a one-line usage error (exit 2). */
export function readBaseline(file: string, shown: string): Map<string, BaselineEntry> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`baseline file not found: ${shown} (create it with --update-baseline ${shown})`);
    if (code === 'EISDIR') {
      throw new UsageError(`--baseline ${shown}: ${shown} is a folder; --baseline takes an optional file name, so put paths before it or write --baseline=<file>`);
    }
    throw new UsageError(`cannot read baseline ${shown}: ${code ?? (err as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`invalid baseline ${shown}: not JSON (${(err as Error).message}); regenerate it with --update-baseline ${shown}`);
  }
  const findings = (data as { findings?: unknown })?.findings;
  if (typeof data !== 'object' || data === null || Array.isArray(data) || !Array.isArray(findings)) {
    throw new UsageError(`invalid baseline ${shown}: expected an object with a "findings" array; regenerate it with --update-baseline ${shown}`);
  }
  const out = new Map<string, BaselineEntry>();
  findings.forEach((e, i) => {
    const entry = e as Partial<BaselineEntry>;
    if (typeof entry !== 'object' || entry === null || typeof entry.fingerprint !== 'string' || !entry.fingerprint) {
      throw new UsageError(`invalid baseline ${shown}: findings[${i}] has no "fingerprint" string; regenerate it with --update-baseline ${shown}`);
    }
    out.set(entry.fingerprint, entry as BaselineEntry);
  });
  return out;
}

export interface BaselineOutcome {
  kept: Finding[];
  baselined: Finding[];
  /** Baseline entries no finding of this run matches any more: fixed, or moved out of their symbol. */
  fixed: BaselineEntry[];
}

export function applyBaseline(findings: Finding[], baseline: Map<string, BaselineEntry>): BaselineOutcome {
  const kept: Finding[] = [];
  const baselined: Finding[] = [];
  const seen = new Set<string>();
  for (const f of findings) {
    if (baseline.has(f.fingerprint)) {
      baselined.push(f);
      seen.add(f.fingerprint);
    } else kept.push(f);
  }
  const fixed = [...baseline.values()].filter((e) => !seen.has(e.fingerprint));
  return { kept, baselined, fixed };
}
