import { Chalk, type ChalkInstance } from 'chalk';
import { SUGGESTING_RULES } from '../engine/suggesting-rules.js';
import type { EvidenceStep, Finding, RunResult, TargetResult } from '../types.js';
import { blindSpots } from './blind-spots.js';
import { terminalSafe } from './terminal-safe.js';

export interface HumanOptions {
  /** Emit ANSI colour. The CLI decides (NO_COLOR, FORCE_COLOR, TTY); this module never looks. */
  color: boolean;
  /** List every target with its evidence chain (needs `result.targets`). */
  explain: boolean;
  /** Show error findings only. */
  quiet: boolean;
  /** The text of a reported file (path as in the report), for code frames; none shown without it. */
  source?: (file: string) => string | undefined;
}

/**
 * The default report, laid out like ESLint's `stylish`: findings grouped by file, then (with
 * --explain) every target and why it counts as instrumented, then the totals, then the coverage
 * table the SPEC says the report ends with.
 */
export function formatHuman(unsafe: RunResult, opts: HumanOptions): string {
  const result = terminalSafe(unsafe);
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const shown = opts.quiet ? result.findings.filter((f) => f.severity === 'error') : result.findings;
  const sections: string[] = [];
  if (shown.length > 0) sections.push(formatFindings(shown, c, opts.source));
  if (opts.explain && result.targets) sections.push(formatTargets(result.targets, c));
  sections.push(formatSummary(result, opts.quiet, c));
  // -q keeps the report to its errors and the summary line: no coverage table.
  const coverage = opts.quiet ? undefined : formatCoverage(result.summary.coverage, c, result.baseline?.coverage);
  if (coverage) sections.push(coverage);
  return sections.join('\n\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// Findings

/**
 * Each finding as Biome and oxlint show theirs: `path:line:col`, clickable in terminals and editors, with the
 * severity and rule; the short message; the source line with the reported range underlined; a dim `help:`
 * line saying how to fix it. Why it matters is in the rule's doc (`check-doctrines explain <rule>`).
 */
function formatFindings(findings: Finding[], c: ChalkInstance, source?: (file: string) => string | undefined): string {
  const lines = new Map<string, string[] | undefined>();
  const linesOf = (file: string) => {
    if (!lines.has(file)) lines.set(file, source?.(file)?.split(/\r?\n/));
    return lines.get(file);
  };
  return [...findings]
    .sort(byPosition)
    .map((f) => {
      const severity = f.severity === 'error' ? c.red('error') : c.yellow('warning');
      const fixable = f.fix ? `  ${c.green('fixable')}` : f.suggestions?.length ? `  ${c.green('suggestion')}` : '';
      const out = [`${c.underline(`${f.file}:${f.line}:${f.column}`)}  ${severity}  ${c.dim(f.ruleId)}${fixable}`, `  ${oneLine(f.message)}`];
      const frame = codeFrame(linesOf(f.file), f, c);
      if (frame) out.push(...frame);
      if (f.help) out.push(c.dim(`  help: ${oneLine(f.help)}`));
      return out.join('\n');
    })
    .join('\n\n');
}

/** Widest source text shown in a frame: a longer line is cut around the reported column. */
const FRAME_WIDTH = 120;

/** The reported line with its range underlined (`^^^`), or nothing when the text is not at hand. */
function codeFrame(text: string[] | undefined, f: Finding, c: ChalkInstance): string[] | undefined {
  const line = text?.[f.line - 1];
  if (line === undefined || f.line < 1) return undefined;
  const raw = line.replace(/\t/g, ' ');
  const end = f.endLine === f.line && f.endColumn > f.column ? f.endColumn : raw.trimEnd().length + 1;
  let start = Math.max(0, f.column - 1);
  let from = 0;
  if (raw.length > FRAME_WIDTH) from = Math.max(0, Math.min(start - 20, raw.length - FRAME_WIDTH));
  const shown = (from > 0 ? '…' : '') + raw.slice(from, from + FRAME_WIDTH).trimEnd() + (raw.length > from + FRAME_WIDTH ? '…' : '');
  start = start - from + (from > 0 ? 1 : 0);
  const width = Math.max(1, Math.min(end - 1 - (f.column - 1), shown.length - start));
  const gutter = String(f.line);
  const bar = c.dim('│');
  return [`  ${c.dim(gutter)} ${bar} ${shown}`, `  ${' '.repeat(gutter.length)} ${bar} ${' '.repeat(start)}${c.red('^'.repeat(width))}`];
}

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
  const shown = quiet ? result.findings.filter((f) => f.severity === 'error') : result.findings;
  const fixable = shown.filter((f) => f.fix).length;
  if (fixable > 0) lines.push(c.green(`${plural(fixable, 'problem')} fixable with --fix (--fix-dry-run shows the changes)`));
  // Suggestions are computed with --unsafe only (suggest.ts); otherwise the uninstrumented targets they are for are counted.
  const computed = shown.some((f) => f.suggestions);
  const suggested = shown.filter((f) => !f.fix && (computed ? f.suggestions?.length : SUGGESTING_RULES.has(f.ruleId))).length;
  if (suggested > 0) {
    const count = `${computed ? '' : 'up to '}${fixable > 0 ? `${suggested} more` : plural(suggested, 'problem')}`;
    lines.push(c.green(`${count} fixable with --fix --unsafe, which adds telemetry (--fix-dry-run --unsafe shows the changes)`));
  }

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

function formatCoverage(coverage: RunResult['summary']['coverage'], c: ChalkInstance, baseline?: RunResult['summary']['coverage']): string | undefined {
  const ruleIds = Object.keys(coverage).sort(compare);
  if (ruleIds.length === 0) return undefined;
  const byPillar = new Map<string, string[]>();
  for (const ruleId of ruleIds) {
    const pillar = pillarOf(ruleId);
    byPillar.set(pillar, [...(byPillar.get(pillar) ?? []), ruleId]);
  }
  // With a baseline that recorded coverage, a last column says how each line moved since.
  const heads = ['rule', 'targets', 'instrumented', 'coverage', ...(baseline ? ['since baseline'] : [])];
  const rows: Cell[][] = [heads.map((text) => ({ text, paint: c.dim }))];
  for (const [pillar, rules] of byPillar) {
    let targets = 0;
    let instrumented = 0;
    let before: { targets: number; instrumented: number } | undefined;
    for (const ruleId of rules) {
      const entry = coverage[ruleId];
      const then = baseline?.[ruleId];
      targets += entry.targets;
      instrumented += entry.instrumented;
      if (then) {
        before ??= { targets: 0, instrumented: 0 };
        before.targets += then.targets;
        before.instrumented += then.instrumented;
      }
      // Rules that found nothing to judge are left out (the summary says when no target was found at all).
      if (entry.targets > 0 || (then?.targets ?? 0) > 0) {
        const row = coverageRow(`  ${ruleId}`, entry.targets, entry.instrumented, c);
        rows.push(baseline ? [...row, changeCell(then, entry, c)] : row);
      }
    }
    const total = coverageRow(`${pillar} (all rules)`, targets, instrumented, c);
    total[0].paint = c.bold;
    rows.push(baseline ? [...total, changeCell(before, { targets, instrumented }, c)] : total);
  }
  return [c.bold('coverage'), ...table(rows, ['l', 'r', 'r', 'r', 'l'], '  ')].join('\n');
}

/** `82.0% → 79.5%` (red when it fell, green when it rose), `unchanged`, or `new` for what the baseline did not count. */
function changeCell(then: { targets: number; instrumented: number } | undefined, now: { targets: number; instrumented: number }, c: ChalkInstance): Cell {
  if (!then || then.targets === 0) return now.targets === 0 ? { text: '' } : { text: 'new', paint: c.dim };
  const before = percent(then.instrumented, then.targets);
  const after = percent(now.instrumented, now.targets);
  if (before === after) return { text: 'unchanged', paint: c.dim };
  const fell = now.targets === 0 || now.instrumented * then.targets < then.instrumented * now.targets;
  return { text: `${before} → ${after}`, paint: fell ? c.red : c.green };
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
