import type { Finding, RunResult } from '../types.js';
import { byPosition, compareText } from './rules.js';
import { blindSpots } from './blind-spots.js';
import { terminalSafe } from './terminal-safe.js';

export interface MarkdownOptions {
  /** Rows of the findings table before it is cut with "and N more" (PR comments have a size limit). */
  maxFindings?: number;
  /**
   * Where a file of the report can be read at the analysed commit, with `#L<line>` appended for a line
   * (`https://github.com/acme/shop/blob/<sha>/`): locations become links (sourceLinkBase reads it from CI).
   */
  blobBase?: string;
}

export const DEFAULT_MAX_FINDINGS = 50;
/** GitHub's limit for a comment's body; the summary stays under it, cutting findings rows first. */
export const COMMENT_LIMIT = 65_536;

/**
 * The page of a commit's files on the code host the CI run is for: GitHub Actions (`GITHUB_SERVER_URL`,
 * `GITHUB_REPOSITORY`, `GITHUB_SHA`) or GitLab CI (`CI_PROJECT_URL`, `CI_COMMIT_SHA`); undefined elsewhere.
 */
export function sourceLinkBase(env: Record<string, string | undefined>): string | undefined {
  if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_SHA) return `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/blob/${env.GITHUB_SHA}/`;
  if (env.CI_PROJECT_URL && env.CI_COMMIT_SHA) return `${env.CI_PROJECT_URL}/-/blob/${env.CI_COMMIT_SHA}/`;
  return undefined;
}

/**
 * A summary fit for a pull-request comment or a GitHub step summary: the headline, counts by pillar
 * and rule, the coverage table, then the findings (errors first), capped so a large backlog does not
 * exceed the comment size limit.
 */
export function formatMarkdown(unsafe: RunResult, opts: MarkdownOptions = {}): string {
  const result = terminalSafe(unsafe);
  const sections = [headline(result), details(result)];
  if (result.findings.length > 0) sections.push(countsTable(result.findings));
  const coverage = coverageTable(result.summary.coverage, result.baseline?.coverage);
  if (coverage) sections.push(coverage);
  const owners = ownersTable(result.summary.ownership);
  if (owners) sections.push(owners);
  const blind = blindSpotsSection(result);
  if (blind) sections.push(blind);
  const head = sections.join('\n\n');
  if (result.findings.length === 0) return `${head}\n`;
  // Long messages or paths can still pass the comment limit with 50 rows: fewer rows until it fits.
  for (let max = opts.maxFindings ?? DEFAULT_MAX_FINDINGS; ; max = Math.floor(max / 2)) {
    const out = `${head}\n\n${findingsTable(result.findings, max, opts.blobBase)}\n`;
    if (out.length < COMMENT_LIMIT || max === 0) return out;
  }
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
  const rows = new Map<string, { pillar: string; ruleId: string; errors: number; warnings: number; docsUrl?: string }>();
  for (const f of findings) {
    const row = rows.get(f.ruleId) ?? { pillar: f.pillar, ruleId: f.ruleId, errors: 0, warnings: 0, ...(f.docsUrl ? { docsUrl: f.docsUrl } : {}) };
    if (f.severity === 'error') row.errors++;
    else row.warnings++;
    rows.set(f.ruleId, row);
  }
  const sorted = [...rows.values()].sort((a, b) => compareText(a.pillar, b.pillar) || compareText(a.ruleId, b.ruleId));
  const lines = ['### Findings by rule', '', '| pillar | rule | errors | warnings |', '| --- | --- | ---: | ---: |'];
  let pillar: string | undefined;
  for (const [i, row] of sorted.entries()) {
    // The rule links to its documentation when the package's homepage is known.
    lines.push(`| ${code(row.pillar)} | ${row.docsUrl ? `[${code(row.ruleId)}](${row.docsUrl})` : code(row.ruleId)} | ${row.errors} | ${row.warnings} |`);
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

function coverageTable(coverage: RunResult['summary']['coverage'], baseline?: RunResult['summary']['coverage']): string | undefined {
  const ids = Object.keys(coverage).sort();
  if (ids.length === 0) return undefined;
  // With a baseline that recorded coverage, each line says how it moved since (`82% → 79.5%`).
  const head = baseline ? ['| rule | targets | instrumented | coverage | since baseline |', '| --- | ---: | ---: | ---: | ---: |'] : ['| rule | targets | instrumented | coverage |', '| --- | ---: | ---: | ---: |'];
  const lines = ['<details><summary><strong>Instrumentation coverage</strong> (per rule)</summary>', '', ...head];
  const byPillar = new Map<string, { targets: number; instrumented: number }>();
  const before = new Map<string, { targets: number; instrumented: number }>();
  for (const id of ids) {
    const c = coverage[id];
    const then = baseline?.[id];
    lines.push(`| ${code(id)} | ${c.targets} | ${c.instrumented} | ${percent(c.instrumented, c.targets)} |${baseline ? ` ${change(then, c)} |` : ''}`);
    const pillar = id.includes('/') ? id.slice(0, id.indexOf('/')) : id;
    const total = byPillar.get(pillar) ?? { targets: 0, instrumented: 0 };
    total.targets += c.targets;
    total.instrumented += c.instrumented;
    byPillar.set(pillar, total);
    if (then) {
      const t = before.get(pillar) ?? { targets: 0, instrumented: 0 };
      t.targets += then.targets;
      t.instrumented += then.instrumented;
      before.set(pillar, t);
    }
  }
  for (const [pillar, t] of byPillar) {
    lines.push(`| **${text(pillar)} total** | **${t.targets}** | **${t.instrumented}** | **${percent(t.instrumented, t.targets)}** |${baseline ? ` ${change(before.get(pillar), t)} |` : ''}`);
  }
  lines.push('', '</details>');
  // The pillar totals stay visible above the collapsed table, with their change since the baseline.
  const totals = [...byPillar].map(([pillar, t]) => {
    const moved = baseline ? change(before.get(pillar), t) : '';
    const since = moved.includes('→') ? `, ${moved} since the baseline` : '';
    return `**${text(pillar)}** ${percent(t.instrumented, t.targets)} (${t.instrumented} of ${t.targets} targets${since})`;
  });
  return ['### Instrumentation coverage', '', `${totals.join(' · ')}`, '', ...lines].join('\n');
}

/** `82% → 79.5% 🔻`, `82% → 85% 🔺`, `unchanged`, `new` (the baseline counted none), or `—`. */
function change(then: { targets: number; instrumented: number } | undefined, now: { targets: number; instrumented: number }): string {
  if (!then || then.targets === 0) return now.targets === 0 ? '—' : 'new';
  const before = percent(then.instrumented, then.targets);
  const after = percent(now.instrumented, now.targets);
  if (before === after) return 'unchanged';
  const fell = now.targets === 0 || now.instrumented * then.targets < then.instrumented * now.targets;
  return `${before} → ${after} ${fell ? '🔻' : '🔺'}`;
}

/** Coverage per owner of the repository's CODEOWNERS, when it has one. */
function ownersTable(ownership: RunResult['summary']['ownership']): string | undefined {
  if (!ownership || ownership.owners.length === 0) return undefined;
  const lines = [
    '### Coverage by owner',
    '',
    `<details><summary><strong>${ownership.owners.length === 1 ? '1 owner' : `${ownership.owners.length} owners`}</strong> (from ${text(ownership.file)})</summary>`,
    '',
    '| owner | targets | instrumented | coverage |',
    '| --- | ---: | ---: | ---: |',
  ];
  // Owners as code: `@org/team` in a comment's text would notify the team on every run.
  for (const o of ownership.owners) lines.push(`| ${o.owner.startsWith('(') ? text(o.owner) : code(o.owner)} | ${o.targets} | ${o.instrumented} | ${percent(o.instrumented, o.targets)} |`);
  lines.push('', '</details>');
  return lines.join('\n');
}

function findingsTable(findings: Finding[], max: number, blobBase: string | undefined): string {
  const sorted = [...findings].sort((a, b) => severityRank(a) - severityRank(b) || byPosition(a, b));
  const shown = sorted.slice(0, Math.max(0, max));
  const lines = [`<details open><summary><strong>Findings</strong> (${sorted.length})</summary>`, '', '| severity | rule | location | message |', '| --- | --- | --- | --- |'];
  for (const f of shown) {
    const where = code(`${f.file}:${f.line}`);
    const location = blobBase ? `[${where}](${blobBase}${f.file.split('/').map(encodeURIComponent).join('/')}#L${f.line})` : where;
    lines.push(`| ${f.severity === 'error' ? 'error' : 'warning'} | ${code(f.ruleId)} | ${location} | ${text(f.message)} |`);
  }
  const rest = sorted.length - shown.length;
  if (rest > 0) lines.push('', `…and ${plural(rest, 'more finding')} not shown (run with \`--format json\` for all).`);
  lines.push('', '</details>');
  return ['### Findings', '', ...lines].join('\n');
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
