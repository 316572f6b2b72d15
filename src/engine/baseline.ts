// Baselines: accept today's findings, fail only on new ones.
//
// `--update-baseline [file]` writes the run's findings (after inline suppressions) by fingerprint.
// Fingerprints anchor on rule, file and enclosing symbol, never on line numbers (see run.ts), so edits
// above a baselined finding keep it baselined. The file is meant to be committed and reviewed: one entry
// per line, sorted by file, rule and symbol, with the message for humans, and no line numbers (they
// would churn on every unrelated edit). `--baseline [file]` reports only findings whose fingerprint is
// not in the file, and counts entries that no longer occur so the file can be shrunk.
//
// The file also records the run's coverage per rule (targets, instrumented), so later runs can show how
// coverage moved since (`otel/http-handler 82.0% → 79.5%`). Baselines written before it have no
// `coverage`: they load as before, and the reports then show no change.
import fs from 'node:fs';
import path from 'node:path';
import { writeWhole } from './write-file.js';
import { UsageError } from '../errors.js';
import type { Finding, RunSummary } from '../types.js';

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
export function formatBaseline(findings: Finding[], coverage?: RunSummary['coverage']): string {
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
  // One rule per line too, rules sorted: a coverage change shows as the lines of the rules that moved.
  const rules = coverage ? Object.keys(coverage).sort() : [];
  const covered = rules.map((id) => `    ${JSON.stringify(id)}: ${JSON.stringify({ targets: coverage![id].targets, instrumented: coverage![id].instrumented })}`);
  const coverageText = coverage ? `  "coverage": {${covered.length ? `\n${covered.join(',\n')}\n  ` : ''}},\n` : '';
  return `{\n  "schemaVersion": 1,\n  "tool": "check-doctrines",\n${coverageText}  "findings": [${lines.length ? `\n${lines.join(',\n')}\n  ` : ''}]\n}\n`;
}

/** Write the baseline whole or not at all (write-file.ts). */
export function writeBaseline(file: string, findings: Finding[], coverage?: RunSummary['coverage']): void {
  writeWhole(file, formatBaseline(findings, coverage), 'baseline');
}

/** What a baseline file holds: its entries by fingerprint, and the coverage it recorded (absent in older files). */
export interface Baseline {
  entries: Map<string, BaselineEntry>;
  coverage?: RunSummary['coverage'];
}

/** Read and validate a baseline file; any problem is a one-line usage error (exit 2). */
export function readBaseline(file: string, shown: string): Baseline {
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
    // The parser's message quotes the file's bytes: never echoed (it may be anything, over many lines).
    throw new UsageError(`invalid baseline ${shown}: not JSON; regenerate it with --update-baseline ${shown}`);
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
  return { entries: out, coverage: readCoverage((data as { coverage?: unknown }).coverage, shown) };
}

function readCoverage(value: unknown, shown: string): RunSummary['coverage'] | undefined {
  if (value === undefined) return undefined;
  const invalid = (why: string) => new UsageError(`invalid baseline ${shown}: ${why}; regenerate it with --update-baseline ${shown}`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('"coverage" is not an object');
  const out: RunSummary['coverage'] = {};
  for (const [ruleId, c] of Object.entries(value)) {
    const { targets, instrumented } = (c ?? {}) as { targets?: unknown; instrumented?: unknown };
    const count = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0;
    if (!count(targets) || !count(instrumented) || (instrumented as number) > (targets as number)) {
      throw invalid(`"coverage" of ${JSON.stringify(ruleId)} needs whole "targets" and "instrumented" counts, instrumented at most targets`);
    }
    out[ruleId] = { targets: targets as number, instrumented: instrumented as number };
  }
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
