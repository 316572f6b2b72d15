import { createHash } from 'node:crypto';
import type { EvidenceStep, Finding, RunResult } from '../types.js';
import { blindSpots } from './blind-spots.js';
import { SCRIPT, STYLE } from './html-page.js';
import { escapeControls, terminalSafe } from './terminal-safe.js';

export interface HtmlOptions {
  /** The text of a reported file (path as in the report), for the findings' code frames; none without it. */
  source?: (file: string) => string | undefined;
  /** The package a file belongs to (its package.json's name and folder from the working directory), for the coverage tree. */
  packageOf?: (file: string) => { name: string; path: string } | undefined;
  /** The owners CODEOWNERS gives a file, for the owner filter (with `summary.ownership`). */
  ownersOf?: (file: string) => string[];
}

/** Source lines shown before a finding's line, and at most after its first line (a handler's finding spans its whole body). */
const FRAME_BEFORE = 1;
const FRAME_AFTER = 2;
/** Characters of a source line kept in a frame (a minified line would otherwise weigh the page down). */
const FRAME_WIDTH = 200;
const STEP_KINDS: EvidenceStep['kind'][] = ['emission', 'call', 'decorator', 'wrapper', 'coverage'];

/**
 * One self-contained HTML page (inline style and script, nothing fetched): coverage as a tree of packages,
 * folders and files with bars, per rule; every target with its verdict and evidence chain; every finding
 * with a code frame and its help; filters by rule, kind, severity, verdict and owner; light and dark.
 *
 * The report is embedded as JSON in a `<script type="application/json">` with every `<` escaped (no
 * `</script>` or `<!--` can end or change it) and shown by the page's script through textContent only,
 * so nothing from the analysed code becomes markup. Repeated strings (rules, kinds, files, evidence) are
 * stored once in a table, keeping a 20,000-target report a few MB.
 */
export function formatHtml(unsafe: RunResult, opts: HtmlOptions = {}): string {
  // Control characters, line separators and bidirectional overrides shown escaped, as the other human-read formats do.
  const result = terminalSafe(unsafe);
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const s = (value: string | undefined): number => {
    if (value === undefined || value === '') return -1;
    let i = stringIndex.get(value);
    if (i === undefined) {
      i = strings.length;
      strings.push(value);
      stringIndex.set(value, i);
    }
    return i;
  };
  const packages: [number, number][] = [];
  const packageIndex = new Map<string, number>();
  const files: [number, number, number[]][] = [];
  const fileIndex = new Map<string, number>();
  // Paths in the result are escaped; the callbacks take them as the run wrote them (the same unless a name holds a control character).
  const rawPath = new Map<string, string>();
  for (const t of unsafe.targets ?? []) rawPath.set(escapeControls(t.file), t.file);
  for (const f of unsafe.findings) rawPath.set(escapeControls(f.file), f.file);
  const file = (path: string): number => {
    let i = fileIndex.get(path);
    if (i !== undefined) return i;
    const raw = rawPath.get(path) ?? path;
    const pkg = opts.packageOf?.(raw) ?? { name: '(no package)', path: '.' };
    const key = `${pkg.name}\0${pkg.path}`;
    let p = packageIndex.get(key);
    if (p === undefined) {
      p = packages.length;
      packages.push([s(escapeControls(pkg.name)), s(escapeControls(pkg.path))]);
      packageIndex.set(key, p);
    }
    i = files.length;
    files.push([s(path), p, (opts.ownersOf?.(raw) ?? []).map((o) => s(escapeControls(o)))]);
    fileIndex.set(path, i);
    return i;
  };

  const targets = (result.targets ?? []).map((t) => [
    s(t.ruleId),
    s(t.kind),
    s(t.framework),
    t.name,
    file(t.file),
    t.line,
    t.column,
    t.instrumented ? 1 : 0,
    t.evidence.map((step) => [STEP_KINDS.indexOf(step.kind), ...stepText(step).map(s), file(step.file), step.line]),
    // Reasons repeat their clauses from target to target (`no emitting middleware … applies`): stored once each.
    t.reason ? t.reason.split('; ').map(s) : 0,
  ]);

  const lines = new Map<string, string[] | undefined>();
  const linesOf = (path: string) => {
    if (!lines.has(path)) lines.set(path, opts.source?.(rawPath.get(path) ?? path)?.split(/\r?\n/));
    return lines.get(path);
  };
  // Source lines of the code frames, once per file and line however many findings show them.
  const source: Record<number, Record<number, string>> = {};
  const findings = result.findings.map((f) => {
    const frame = codeFrame(linesOf(f.file), f);
    if (frame.lines.length) {
      const shown = (source[file(f.file)] ??= {});
      frame.lines.forEach((text, k) => (shown[frame.start + k] = text));
    }
    return [
      s(f.ruleId),
      f.severity === 'error' ? 0 : 1,
      f.message,
      file(f.file),
      f.line,
      f.column,
      f.endLine,
      f.endColumn,
      s(f.help),
      s(f.target?.kind),
      s(f.docsUrl),
      frame.start,
      frame.lines.length ? frame.start + frame.lines.length - 1 : 0,
      f.fix ? 1 : 0,
    ];
  });

  const coverage = (c: RunResult['summary']['coverage']) => Object.keys(c).sort().map((id) => [s(id), c[id].targets, c[id].instrumented]);
  const blind = blindSpots(result);
  const data = {
    tool: result.tool,
    mode: result.mode,
    pillars: result.pillars,
    explained: result.targets !== undefined,
    summary: {
      files: result.summary.files,
      errors: result.summary.errors,
      warnings: result.summary.warnings,
      suppressed: result.summary.suppressed,
      baselined: result.summary.baselined,
    },
    coverage: coverage(result.summary.coverage),
    baseline: result.baseline?.coverage ? { file: result.baseline.file, coverage: coverage(result.baseline.coverage) } : null,
    ownership: result.summary.ownership
      ? { file: result.summary.ownership.file, owners: result.summary.ownership.owners.map((o) => [s(o.owner), o.targets, o.instrumented, coverage(o.coverage)]) }
      : null,
    notes: [...(blind.noTargets ? [blind.noTargets] : []), ...blind.frameworks],
    packages,
    files,
    targets,
    findings,
    source,
    strings,
  };
  return page(scriptJson(data));
}

/** What a step says besides its kind, file and line, always two strings: [family, api] of an emission, [via, name] of coverage, else [name, '']. */
function stepText(step: EvidenceStep): [string, string] {
  switch (step.kind) {
    case 'emission':
      return [step.family, step.api];
    case 'coverage':
      return [step.via, step.name];
    default:
      return [step.name, ''];
  }
}

/** The finding's lines with a little context, cut to FRAME_WIDTH; none when the text is not at hand. */
function codeFrame(text: string[] | undefined, f: Finding): { start: number; lines: string[] } {
  if (!text || f.line < 1 || f.line > text.length) return { start: 0, lines: [] };
  const start = Math.max(1, f.line - FRAME_BEFORE);
  const end = Math.min(text.length, Math.max(f.line, Math.min(f.endLine, f.line + FRAME_AFTER)));
  const out: string[] = [];
  for (let n = start; n <= end; n++) {
    const line = text[n - 1].replace(/\t/g, '  ');
    out.push(escapeControls(line.length > FRAME_WIDTH ? `${line.slice(0, FRAME_WIDTH)}…` : line));
  }
  return { start, lines: out };
}

/**
 * JSON safe inside a script element: `<` as `\u003c` (so no `</script`, `<!--` or `<script` can appear),
 * and the line separators JSON allows but older script parsers do not. JSON.stringify escapes the C0 controls.
 */
export function scriptJson(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const POLICY = `default-src 'none'; script-src ${sha256(SCRIPT)}; style-src ${sha256(STYLE)}; img-src data:; base-uri 'none'; form-action 'none'`;

function page(json: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${POLICY}">
<meta name="referrer" content="no-referrer">
<title>check-doctrines report</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>check-doctrines</h1>
<span class="meta" id="meta"></span>
<button type="button" id="theme" title="switch between light and dark (the system's until chosen)">Theme: auto</button>
</header>
<main>
<noscript><p>This report needs JavaScript to show its data.</p></noscript>
<div class="notes" id="notes" hidden></div>
<div class="cards" id="cards"></div>
<nav class="tabs" role="tablist">
<button type="button" role="tab" id="tab-coverage">Coverage</button>
<button type="button" role="tab" id="tab-targets">Targets</button>
<button type="button" role="tab" id="tab-findings">Findings</button>
<button type="button" role="tab" id="tab-owners">Owners</button>
</nav>
<div class="filters">
<label>rule <select id="filter-rule" data-key="rule"></select></label>
<label>kind <select id="filter-kind" data-key="kind"></select></label>
<label id="severity-filter">severity <select id="filter-severity" data-key="severity"></select></label>
<label id="verdict-filter">verdict <select id="filter-verdict" data-key="verdict"></select></label>
<label id="owner-filter" hidden>owner <select id="filter-owner" data-key="owner"></select></label>
<label>search <input type="search" id="search" placeholder="name, path or message"></label>
<span class="scope" id="scope" hidden>in <span class="mono" id="scope-path"></span><button type="button" id="scope-clear" aria-label="show every folder">×</button></span>
</div>
<section id="panel-coverage">
<div class="filters"><label>sort <select id="tree-sort"><option value="name">by name</option><option value="worst">lowest coverage first</option><option value="size">most targets first</option></select></label></div>
<div class="tree" id="tree"></div>
</section>
<section id="panel-targets" hidden>
<p class="sub" id="targets-note" hidden>Targets are listed when the report is made with --format html (or --explain).</p>
<div class="count" id="targets-count"></div>
<div class="list" id="targets"></div>
</section>
<section id="panel-findings" hidden>
<div class="count" id="findings-count"></div>
<div class="list" id="findings"></div>
</section>
<section id="panel-owners" hidden><div id="owners"></div></section>
</main>
<script type="application/json" id="report-data">${json}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
