import type { Finding, RunResult } from '../types.js';
import { byPosition, compareText } from './rules.js';
import { blindSpots } from './blind-spots.js';

export interface MarkdownOptions {
  /** Rows of the findings table before it is cut with "and N more" (PR comments have a size limit). */
  maxFindings?: number;
}

export const DEFAULT_MAX_FINDINGS = 50;

/**
 * A summary fit for a pull-request comment or a GitHub step summary: the headline, counts by pillar
 * and rule, the coverage table, then the findings (errors first), capped so a large backlog does not
 * exceed the comment size limit.
 */
export function formatMarkdown(result: RunResult, opts: MarkdownOptions = {}): string {
  const max = opts.maxFindings ?? DEFAULT_MAX_FINDINGS;
  const sections = [headline(result), details(result)];
  if (result.findings.length > 0) sections.push(countsTable(result.findings));
  const coverage = coverageTable(result.summary.coverage);
  if (coverage) sections.push(coverage);
  const blind = blindSpotsSection(result);
  if (blind) sections.push(blind);
  if (result.findings.length > 0) sections.push(findingsTable(result.findings, max));
  return sections.join('\n\n') + '\n';
}

function headline(result: RunResult): string {
  const { errors, warnings } = result.summary;
  const counts = `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
  const mark = errors > 0 ? '❌' : warnings > 0 ? '⚠️' : '✅';
  const text = errors + warnings === 0 ? 'no findings' : counts;
  return `## ${mark} check-doctrines: ${text}`;
}

function details(result: RunResult): string {
  const s = result.summary;
  const parts = [
    `Pillars: ${result.pillars.map((p) => `\`${p}\``).join(', ') || 'none'}`,
    `${plural(s.files, 'file')} analysed`,
  ];
  if (s.suppressed) parts.push(`${s.suppressed} suppressed`);
  if (s.baselined) parts.push(`${s.baselined} baselined`);
  const skipped = s.skipped.reduce((n, k) => n + k.count, 0);
  if (skipped) parts.push(`${plural(skipped, 'file')} skipped`);
  const mode = result.mode === 'advisory' ? ' Advisory run: every finding is reported as a warning.' : '';
  return `${parts.join(' · ')}.${mode}`;
}

/** What the run did not look at: no target at all, frameworks no adapter recognises or whose entry points were not found. */
function blindSpotsSection(result: RunResult): string | undefined {
  const { noTargets, frameworks } = blindSpots(result);
  if (!noTargets && !frameworks.length) return undefined;
  const lines = ['### Not checked', ''];
  if (noTargets) lines.push(`> [!WARNING]\n> ${text(noTargets.charAt(0).toUpperCase() + noTargets.slice(1))}.`, '');
  for (const f of frameworks) lines.push(`- ${text(f)}`);
  return lines.join('\n').trimEnd();
}

function countsTable(findings: Finding[]): string {
  const rows = new Map<string, { pillar: string; ruleId: string; errors: number; warnings: number }>();
  for (const f of findings) {
    const row = rows.get(f.ruleId) ?? { pillar: f.pillar, ruleId: f.ruleId, errors: 0, warnings: 0 };
    if (f.severity === 'error') row.errors++;
    else row.warnings++;
    rows.set(f.ruleId, row);
  }
  const sorted = [...rows.values()].sort((a, b) => compareText(a.pillar, b.pillar) || compareText(a.ruleId, b.ruleId));
  const lines = ['### Findings by rule', '', '| pillar | rule | errors | warnings |', '| --- | --- | ---: | ---: |'];
  let pillar: string | undefined;
  for (const [i, row] of sorted.entries()) {
    lines.push(`| ${code(row.pillar)} | ${code(row.ruleId)} | ${row.errors} | ${row.warnings} |`);
    pillar = row.pillar;
    if (sorted[i + 1]?.pillar !== pillar) {
      const of = sorted.filter((r) => r.pillar === pillar);
      const e = of.reduce((n, r) => n + r.errors, 0);
      const w = of.reduce((n, r) => n + r.warnings, 0);
      lines.push(`| **${text(pillar)}** | **total** | **${e}** | **${w}** |`);
    }
  }
  return lines.join('\n');
}

function coverageTable(coverage: RunResult['summary']['coverage']): string | undefined {
  const ids = Object.keys(coverage).sort();
  if (ids.length === 0) return undefined;
  const lines = [
    '### Instrumentation coverage',
    '',
    '| rule | targets | instrumented | coverage |',
    '| --- | ---: | ---: | ---: |',
  ];
  const byPillar = new Map<string, { targets: number; instrumented: number }>();
  for (const id of ids) {
    const c = coverage[id];
    lines.push(`| ${code(id)} | ${c.targets} | ${c.instrumented} | ${percent(c.instrumented, c.targets)} |`);
    const pillar = id.includes('/') ? id.slice(0, id.indexOf('/')) : id;
    const total = byPillar.get(pillar) ?? { targets: 0, instrumented: 0 };
    total.targets += c.targets;
    total.instrumented += c.instrumented;
    byPillar.set(pillar, total);
  }
  for (const [pillar, t] of byPillar) {
    lines.push(`| **${text(pillar)} total** | **${t.targets}** | **${t.instrumented}** | **${percent(t.instrumented, t.targets)}** |`);
  }
  return lines.join('\n');
}

function findingsTable(findings: Finding[], max: number): string {
  const sorted = [...findings].sort((a, b) => severityRank(a) - severityRank(b) || byPosition(a, b));
  const shown = sorted.slice(0, Math.max(0, max));
  const lines = ['### Findings', '', '| severity | rule | location | message |', '| --- | --- | --- | --- |'];
  for (const f of shown) {
    lines.push(`| ${f.severity === 'error' ? 'error' : 'warning'} | ${code(f.ruleId)} | ${code(`${f.file}:${f.line}`)} | ${text(f.message)} |`);
  }
  const rest = sorted.length - shown.length;
  if (rest > 0) lines.push('', `…and ${plural(rest, 'more finding')} not shown (run with \`--format json\` for all).`);
  return lines.join('\n');
}

function severityRank(f: Finding): number {
  return f.severity === 'error' ? 0 : 1;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '—' : `${Math.floor((part / whole) * 1000) / 10}%`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Plain text in a table cell: pipes would end the cell and line breaks the row; `<`, `>` and `&`
 * outside code spans would be read as HTML (`<anonymous>` would vanish). Code spans in the text are kept.
 */
export function text(s: string): string {
  const parts = s.replace(/\r?\n/g, ' ').split('`');
  // An unmatched backtick opens no code span: then every part is plain text.
  const paired = parts.length % 2 === 1;
  return parts
    .map((part, i) => (paired && i % 2 === 1 ? part : part.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')))
    .join('`')
    .replace(/\|/g, '\\|');
}

/** A code span in a table cell: only the pipe needs escaping (GFM splits cells before code spans). */
export function code(s: string): string {
  const body = s.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
  return body.includes('`') ? `\`\` ${body} \`\`` : `\`${body}\``;
}
