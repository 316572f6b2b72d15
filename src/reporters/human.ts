import { Chalk, type ChalkInstance } from 'chalk';
import type { EvidenceStep, Finding, RunResult, TargetResult } from '../types.js';
import { blindSpots } from './blind-spots.js';

export interface HumanOptions {
  /** Emit ANSI colour. The CLI decides (NO_COLOR, FORCE_COLOR, TTY); this module never looks. */
  color: boolean;
  /** List every target with its evidence chain (needs `result.targets`). */
  explain: boolean;
  /** Show error findings only. */
  quiet: boolean;
}

/**
 * The default report, laid out like ESLint's `stylish`: findings grouped by file, then (with
 * --explain) every target and why it counts as instrumented, then the totals, then the coverage
 * table the SPEC says the report ends with.
 */
export function formatHuman(result: RunResult, opts: HumanOptions): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const shown = opts.quiet ? result.findings.filter((f) => f.severity === 'error') : result.findings;
  const sections: string[] = [];
  if (shown.length > 0) sections.push(formatFindings(shown, c));
  if (opts.explain && result.targets) sections.push(formatTargets(result.targets, c));
  sections.push(formatSummary(result, opts.quiet, c));
  const coverage = formatCoverage(result.summary.coverage, c);
  if (coverage) sections.push(coverage);
  return sections.join('\n\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// Findings

function formatFindings(findings: Finding[], c: ChalkInstance): string {
  const byFile = new Map<string, Finding[]>();
  for (const finding of [...findings].sort(byPosition)) {
    const list = byFile.get(finding.file) ?? [];
    list.push(finding);
    byFile.set(finding.file, list);
  }
  const blocks: string[] = [];
  for (const [file, list] of byFile) {
    const lineWidth = Math.max(...list.map((f) => String(f.line).length));
    const rows = list.map((f): Cell[] => [
      { text: `${String(f.line).padStart(lineWidth)}:${f.column}`, paint: c.dim },
      f.severity === 'error' ? { text: 'error', paint: c.red } : { text: 'warning', paint: c.yellow },
      { text: oneLine(f.message) },
      { text: f.ruleId, paint: c.dim },
    ]);
    const widths = [Infinity, Infinity, MESSAGE_ALIGN_LIMIT, Infinity];
    blocks.push([c.underline(file), ...table(rows, ['l', 'l', 'l', 'l'], '  ', widths)].join('\n'));
  }
  return blocks.join('\n\n');
}

/**
 * Messages longer than this are not padded: aligning rule ids after three-part messages would push
 * them past any terminal's width and leave a wall of spaces on the shorter lines.
 */
const MESSAGE_ALIGN_LIMIT = 80;

function byPosition(a: Finding, b: Finding): number {
  return compare(a.file, b.file) || a.line - b.line || a.column - b.column || compare(a.ruleId, b.ruleId);
}

/** Messages carry what/why/fix; a terminal line per finding keeps the columns readable and greppable. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------------
// --explain: every target and its evidence chain

function formatTargets(targets: TargetResult[], c: ChalkInstance): string {
  if (targets.length === 0) return `${c.bold('targets')}\n  none found`;
  const byRule = new Map<string, TargetResult[]>();
  const sorted = [...targets].sort(
    (a, b) => compare(a.ruleId, b.ruleId) || compare(a.file, b.file) || a.line - b.line || a.column - b.column,
  );
  for (const target of sorted) {
    const list = byRule.get(target.ruleId) ?? [];
    list.push(target);
    byRule.set(target.ruleId, list);
  }
  const blocks: string[] = [];
  for (const [ruleId, list] of byRule) {
    const instrumented = list.filter((t) => t.instrumented).length;
    const rows = list.map((t): Cell[] => [
      t.instrumented ? { text: '✓', paint: c.green } : { text: '✗', paint: c.red },
      { text: t.framework ? `${t.kind} (${t.framework})` : t.kind },
      { text: t.name, paint: c.bold },
      { text: `${t.file}:${t.line}`, paint: c.dim },
    ]);
    const heads = table(rows, ['l', 'l', 'l', 'l'], '  ');
    const lines = [`${c.underline(ruleId)} ${c.dim(`${instrumented}/${list.length} instrumented`)}`];
    list.forEach((t, i) => {
      lines.push(heads[i]);
      lines.push(`      ${t.instrumented ? formatChain(t, c) : c.dim(t.reason ?? 'no telemetry found')}`);
    });
    blocks.push(lines.join('\n'));
  }
  return `${c.bold('targets')}\n${blocks.join('\n\n')}`;
}

/** `GET /orders → call createOrder (src/routes/orders.ts:12) → emission opentelemetry tracer.startSpan (…)` */
export function formatChain(target: TargetResult, c: ChalkInstance = new Chalk({ level: 0 })): string {
  if (target.evidence.length === 0) return c.dim('instrumented (no evidence recorded)');
  const arrow = c.dim(' → ');
  return [target.name, ...target.evidence.map((step) => formatStep(step, c))].join(arrow);
}

function formatStep(step: EvidenceStep, c: ChalkInstance): string {
  const where = c.dim(`(${step.file}:${step.line})`);
  switch (step.kind) {
    case 'emission':
      return `${c.green('emission')} ${step.family} ${step.api} ${where}`;
    case 'call':
      return `call ${step.name} ${where}`;
    case 'decorator':
      return `decorator ${step.name.startsWith('@') ? step.name : `@${step.name}`} ${where}`;
    case 'wrapper':
      return `wrapper ${step.name} ${where}`;
    case 'coverage':
      return `coverage ${step.via} ${step.name} ${where}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Totals

function formatSummary(result: RunResult, quiet: boolean, c: ChalkInstance): string {
  const { errors, warnings, suppressed, baselined, files, durationMs, skipped } = result.summary;
  let headline: string;
  if (quiet) {
    const hidden = warnings > 0 ? ` (${plural(warnings, 'warning')} not shown)` : '';
    headline =
      errors > 0
        ? c.red.bold(`✖ ${plural(errors, 'error')}${hidden}`)
        : c.green.bold(`✔ no errors${hidden}`);
  } else if (errors + warnings === 0) {
    headline = c.green.bold('✔ no problems');
  } else {
    const paint = errors > 0 ? c.red.bold : c.yellow.bold;
    headline = paint(
      `✖ ${plural(errors + warnings, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`,
    );
  }
  const extras: string[] = [];
  if (suppressed > 0) extras.push(`${suppressed} suppressed`);
  if (baselined > 0) extras.push(`${baselined} baselined`);
  const lines = [extras.length > 0 ? `${headline}${c.dim(', ' + extras.join(', '))}` : headline];

  const advisory = result.mode === 'advisory' ? ' (advisory: findings do not fail the run)' : '';
  lines.push(c.dim(`${plural(files, 'file')} analysed in ${formatDuration(durationMs)}${advisory}`));

  const skippedReasons = skipped.filter((s) => s.count > 0);
  if (skippedReasons.length > 0) {
    const total = skippedReasons.reduce((sum, s) => sum + s.count, 0);
    const detail = skippedReasons.map((s) => `${s.reason.replace(/[-_]/g, ' ')}: ${s.count}`).join(', ');
    lines.push(c.yellow(`skipped: ${total} (${detail})`));
  }
  const blind = blindSpots(result);
  if (blind.noTargets) lines.push(c.yellow(blind.noTargets));
  if (blind.frameworks.length) {
    lines.push(c.yellow(`not checked: ${plural(blind.frameworks.length, 'framework')} the analysed packages depend on`));
    for (const f of blind.frameworks) lines.push(c.yellow(`  ${f}`));
  }
  return lines.join('\n');
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(2)}s`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

// ---------------------------------------------------------------------------------------------
// Coverage: per rule, then a total per pillar (the rule id's prefix)

function formatCoverage(coverage: RunResult['summary']['coverage'], c: ChalkInstance): string | undefined {
  const ruleIds = Object.keys(coverage).sort(compare);
  if (ruleIds.length === 0) return undefined;
  const byPillar = new Map<string, string[]>();
  for (const ruleId of ruleIds) {
    const pillar = pillarOf(ruleId);
    byPillar.set(pillar, [...(byPillar.get(pillar) ?? []), ruleId]);
  }
  const rows: Cell[][] = [
    ['rule', 'targets', 'instrumented', 'coverage'].map((text) => ({ text, paint: c.dim })),
  ];
  for (const [pillar, rules] of byPillar) {
    let targets = 0;
    let instrumented = 0;
    for (const ruleId of rules) {
      const entry = coverage[ruleId];
      targets += entry.targets;
      instrumented += entry.instrumented;
      rows.push(coverageRow(`  ${ruleId}`, entry.targets, entry.instrumented, c));
    }
    const total = coverageRow(`${pillar} (all rules)`, targets, instrumented, c);
    total[0].paint = c.bold;
    rows.push(total);
  }
  return [c.bold('coverage'), ...table(rows, ['l', 'r', 'r', 'r'], '  ')].join('\n');
}

function coverageRow(label: string, targets: number, instrumented: number, c: ChalkInstance): Cell[] {
  const pct = percent(instrumented, targets);
  const paint = targets === 0 ? c.dim : instrumented >= targets ? c.green : instrumented === 0 ? c.red : c.yellow;
  return [{ text: label }, { text: String(targets) }, { text: String(instrumented) }, { text: pct, paint }];
}

/** Rounded down, so a gap is never displayed as 100%. */
function percent(part: number, whole: number): string {
  if (whole === 0) return 'n/a';
  return `${(Math.floor((part * 1000) / whole) / 10).toFixed(1)}%`;
}

function pillarOf(ruleId: string): string {
  const slash = ruleId.indexOf('/');
  return slash === -1 ? ruleId : ruleId.slice(0, slash);
}

// ---------------------------------------------------------------------------------------------
// Column layout: widths come from the plain text, colour is applied after padding is decided.

interface Cell {
  text: string;
  paint?: (text: string) => string;
}

/** `maxWidths[i]`: cells wider than this neither set the column's width nor get padded. */
function table(rows: Cell[][], align: ('l' | 'r')[], indent: string, maxWidths?: number[]): string[] {
  const widths = align.map((_, i) => {
    const limit = maxWidths?.[i] ?? Infinity;
    const fitting = rows.map((row) => row[i]?.text.length ?? 0).filter((length) => length <= limit);
    return Math.max(0, ...fitting);
  });
  return rows.map((row) => {
    const cells = row.map((cell, i) => {
      const pad = ' '.repeat(Math.max(0, widths[i] - cell.text.length));
      const painted = cell.paint ? cell.paint(cell.text) : cell.text;
      if (align[i] === 'r') return pad + painted;
      return i === row.length - 1 ? painted : painted + pad;
    });
    return indent + cells.join('  ');
  });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
