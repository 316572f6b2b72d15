// The static parts of the HTML report (html.ts): its style and its script, inlined into the page.
//
// The script builds every element from the report's JSON with createElement and textContent: no text of
// the analysed code (names, paths, messages, source lines) ever goes through innerHTML, so none of it can
// become markup. Lists render in pages as they are scrolled to, the coverage tree one level at a time as
// it is opened, so a report of tens of thousands of targets opens at once. The script is plain ES2020 in a
// string (no template literals in it, so it can sit in this one): the page's Content-Security-Policy
// allows it by its hash and nothing else.

export const STYLE = String.raw`
:root { color-scheme: light; --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa;
  --accent: #0969da; --good: #1a7f37; --bad: #cf222e; --warn: #9a6700; --bar: #e6e9ed; --mark: #ffebe9; --code: #f6f8fa; }
:root[data-theme="dark"] { color-scheme: dark; --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --panel: #151b23;
  --accent: #4493f8; --good: #3fb950; --bad: #f85149; --warn: #d29922; --bar: #262c36; --mark: #4c1d1d; --code: #151b23; }
@media (prefers-color-scheme: dark) {
  :root:not([data-theme="light"]) { color-scheme: dark; --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --panel: #151b23;
    --accent: #4493f8; --good: #3fb950; --bad: #f85149; --warn: #d29922; --bar: #262c36; --mark: #4c1d1d; --code: #151b23; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
header { display: flex; align-items: center; gap: 16px; padding: 12px 20px; border-bottom: 1px solid var(--line); background: var(--panel); }
header h1 { font-size: 17px; margin: 0; }
header .meta { color: var(--muted); flex: 1; }
button, select, input { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 4px 8px; }
button { cursor: pointer; }
button:hover { border-color: var(--accent); }
main { padding: 16px 20px 40px; max-width: 1400px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 10px; margin-bottom: 14px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; background: var(--panel); }
.card .rule { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 13px; }
.card .pct { font-size: 20px; font-weight: 600; }
.card .sub { font-size: 12px; }
.card .delta { font-size: 12px; display: block; }
.down { color: var(--bad); } .up { color: var(--good); } .same { color: var(--muted); }
.notes { border: 1px solid var(--warn); border-radius: 8px; padding: 8px 12px; margin-bottom: 14px; }
.notes li { margin: 2px 0; }
.notes summary { font-weight: 600; cursor: pointer; }
nav.tabs { display: flex; gap: 4px; border-bottom: 1px solid var(--line); margin-bottom: 10px; }
nav.tabs button { border: none; border-bottom: 2px solid transparent; border-radius: 0; background: none; padding: 8px 12px; }
nav.tabs button[aria-selected="true"] { border-bottom-color: var(--accent); font-weight: 600; }
.filters { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-bottom: 10px; }
.filters label { color: var(--muted); font-size: 12px; display: flex; flex-direction: column; gap: 2px; }
.scope { background: var(--panel); border: 1px solid var(--accent); border-radius: 12px; padding: 2px 4px 2px 10px; }
.scope button { border: none; background: none; padding: 0 6px; }
.count { color: var(--muted); margin: 4px 0 8px; }
.bar { display: inline-block; width: 120px; height: 8px; border-radius: 4px; background: var(--bar); overflow: hidden; vertical-align: middle; }
.bar > span { display: block; height: 100%; background: var(--good); }
.bar.mid > span { background: var(--warn); } .bar.low > span { background: var(--bad); }
.tree { border: 1px solid var(--line); border-radius: 8px; }
.node { display: grid; grid-template-columns: 1fr 130px 70px 90px; align-items: center; gap: 8px; padding: 3px 10px; border-bottom: 1px solid var(--line); }
.node:last-child { border-bottom: none; }
.node .label { display: flex; align-items: center; gap: 4px; min-width: 0; }
.node .label .name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.node .twist { width: 18px; border: none; background: none; padding: 0; color: var(--muted); }
.node .kind { color: var(--muted); font-size: 12px; }
.node .num, .node .pct { text-align: right; font-variant-numeric: tabular-nums; }
.node .name.link { color: var(--accent); cursor: pointer; }
.node.head { font-size: 12px; color: var(--muted); background: var(--panel); }
.list { border: 1px solid var(--line); border-radius: 8px; }
.row { border-bottom: 1px solid var(--line); }
.row:last-child { border-bottom: none; }
.row > .line { display: flex; gap: 10px; align-items: baseline; padding: 6px 10px; cursor: pointer; }
.row > .line:hover { background: var(--panel); }
.badge { font-size: 12px; font-weight: 600; border-radius: 10px; padding: 0 8px; white-space: nowrap; border: 1px solid currentColor; }
.badge.ok { color: var(--good); } .badge.no { color: var(--bad); } .badge.error { color: var(--bad); } .badge.warn { color: var(--warn); }
.row .title { font-weight: 600; overflow-wrap: anywhere; }
.row .where { color: var(--muted); font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 12px; margin-left: auto; white-space: nowrap; }
.row .sub { color: var(--muted); font-size: 12px; }
.details { padding: 4px 10px 10px 34px; }
.chain { margin: 0; padding-left: 18px; }
.chain li { margin: 2px 0; }
.chain .step { font-weight: 600; }
.chain .at, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 12px; color: var(--muted); }
pre.frame { background: var(--code); border: 1px solid var(--line); border-radius: 6px; padding: 6px 0; margin: 6px 0; overflow-x: auto; font: 12px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; }
pre.frame .ln { display: inline-block; width: 5ch; padding-right: 1ch; text-align: right; color: var(--muted); user-select: none; }
pre.frame .hit { background: var(--mark); display: inline-block; min-width: 100%; }
pre.frame .range { text-decoration: underline wavy var(--bad); }
.help { margin: 4px 0; }
.help b { color: var(--good); }
.more { padding: 10px; text-align: center; color: var(--muted); }
.empty { padding: 20px; text-align: center; color: var(--muted); }
table.owners { border-collapse: collapse; width: 100%; }
table.owners th, table.owners td { text-align: left; padding: 4px 10px; border-bottom: 1px solid var(--line); }
table.owners td.num { text-align: right; font-variant-numeric: tabular-nums; }
a { color: var(--accent); }
[hidden] { display: none !important; }
`;

export const SCRIPT = String.raw`(function () {
'use strict';
var D = JSON.parse(document.getElementById('report-data').textContent);
var S = D.strings;
var str = function (i) { return i < 0 ? '' : S[i]; };
var PAGE = 150;

// ---- elements, built with textContent only
function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}
function add(parent) { for (var i = 1; i < arguments.length; i++) if (arguments[i]) parent.appendChild(arguments[i]); return parent; }
function pct(part, whole) { return whole === 0 ? 'n/a' : (Math.floor(part * 1000 / whole) / 10).toFixed(1) + '%'; }
function bar(part, whole) {
  var b = el('span', 'bar');
  var r = whole ? part / whole : 1;
  if (whole && r < 0.5) b.className += ' low'; else if (whole && r < 1) b.className += ' mid';
  var fill = el('span');
  fill.style.width = (r * 100).toFixed(1) + '%';
  b.appendChild(fill);
  b.title = part + ' of ' + whole + ' instrumented';
  return b;
}
function plural(n, w) { return n + ' ' + w + (n === 1 ? '' : 's'); }

// ---- the data
var files = D.files.map(function (f) { return { path: str(f[0]), pkg: f[1], owners: f[2].map(str) }; });
var packages = D.packages.map(function (p) { return { name: str(p[0]), path: str(p[1]) }; });
var STEP = ['emission', 'call', 'decorator', 'wrapper', 'coverage'];
var targets = D.targets.map(function (t, i) {
  return { i: i, rule: str(t[0]), kind: str(t[1]), framework: str(t[2]), name: t[3], file: t[4], line: t[5], column: t[6], ok: t[7] === 1,
    evidence: t[8], reason: t[9] ? t[9].map(str).join('; ') : '' };
});
var findings = D.findings.map(function (f, i) {
  return { i: i, rule: str(f[0]), severity: f[1] === 0 ? 'error' : 'warn', message: f[2], file: f[3], line: f[4], column: f[5], endLine: f[6], endColumn: f[7],
    help: str(f[8]), kind: str(f[9]), docs: str(f[10]), frameStart: f[11], frameEnd: f[12], fixable: f[13] === 1 };
});

// ---- theme: the system's unless chosen with the toggle (remembered where the browser lets a file remember)
var root = document.documentElement;
var THEMES = ['auto', 'light', 'dark'];
function stored() { try { return localStorage.getItem('check-doctrines-theme'); } catch (e) { return null; } }
function setTheme(t) {
  if (t === 'auto') root.removeAttribute('data-theme'); else root.setAttribute('data-theme', t);
  var b = document.getElementById('theme');
  b.textContent = 'Theme: ' + t;
  b.setAttribute('data-theme-choice', t);
  try { localStorage.setItem('check-doctrines-theme', t); } catch (e) { /* a file: URL may have no storage */ }
}

// ---- header and overview
var meta = document.getElementById('meta');
meta.textContent = D.tool.name + ' ' + D.tool.version + ' · ' + plural(D.summary.files, 'file') + ' · ' +
  plural(D.summary.errors, 'error') + ', ' + plural(D.summary.warnings, 'warning') +
  (D.summary.suppressed ? ' · ' + D.summary.suppressed + ' suppressed' : '') +
  (D.summary.baselined ? ' · ' + D.summary.baselined + ' baselined' : '') +
  (D.mode === 'advisory' ? ' · advisory' : '');
var baseline = {};
if (D.baseline) D.baseline.coverage.forEach(function (c) { baseline[str(c[0])] = { t: c[1], i: c[2] }; });
var cards = document.getElementById('cards');
var totals = {};
D.coverage.forEach(function (c) {
  var rule = str(c[0]), t = c[1], n = c[2];
  var pillar = rule.indexOf('/') < 0 ? rule : rule.slice(0, rule.indexOf('/'));
  var tot = totals[pillar] || (totals[pillar] = { t: 0, i: 0, bt: 0, bi: 0, b: false });
  tot.t += t; tot.i += n;
  var then = baseline[rule];
  if (then) { tot.bt += then.t; tot.bi += then.i; tot.b = true; }
  if (t === 0 && !(then && then.t)) return;
  cards.appendChild(card(rule, n, t, then));
});
Object.keys(totals).forEach(function (p) {
  var tot = totals[p];
  cards.insertBefore(card(p + ' (all rules)', tot.i, tot.t, tot.b ? { t: tot.bt, i: tot.bi } : undefined), cards.firstChild);
});
function card(label, n, t, then) {
  var c = el('div', 'card');
  c.setAttribute('data-rule', label);
  add(c, el('div', 'rule', label));
  var p = el('span', 'pct', pct(n, t));
  var line = add(el('div'), p);
  if (then && then.t) {
    var before = pct(then.i, then.t), after = pct(n, t);
    var fell = t === 0 || n * then.t < then.i * t;
    var d = el('span', 'delta ' + (before === after ? 'same' : fell ? 'down' : 'up'), before === after ? 'unchanged since baseline' : before + ' → ' + after);
    d.title = 'since the baseline ' + (D.baseline.file || '');
    line.appendChild(d);
  }
  add(c, line, add(el('div'), bar(n, t), el('span', 'sub', ' ' + n + ' of ' + plural(t, 'target') + ' instrumented')));
  return c;
}
if (D.notes.length) {
  var notes = document.getElementById('notes');
  notes.hidden = false;
  var ul = el('ul');
  D.notes.forEach(function (n) { ul.appendChild(el('li', null, n)); });
  // A long list (a monorepo's packages) stays folded under its count.
  var box = el('details');
  box.open = D.notes.length <= 3;
  add(box, el('summary', null, 'Not checked: ' + plural(D.notes.length, 'note')), ul);
  notes.appendChild(box);
}

// ---- filters
var state = { rule: '', kind: '', severity: '', verdict: '', owner: '', text: '', scope: '', tab: 'coverage' };
function options(id, values, all) {
  var s = document.getElementById(id);
  s.appendChild(add(el('option', null, all), null)).value = '';
  values.forEach(function (v) { var o = el('option', null, v.label || v); o.value = v.value || v; s.appendChild(o); });
  s.addEventListener('change', function () { state[s.getAttribute('data-key')] = s.value; refresh(); });
}
function uniq(list) { var seen = {}; var out = []; list.forEach(function (v) { if (v && !seen[v]) { seen[v] = 1; out.push(v); } }); return out.sort(); }
options('filter-rule', uniq(D.coverage.map(function (c) { return str(c[0]); }).concat(findings.map(function (f) { return f.rule; }))), 'all rules');
options('filter-kind', uniq(targets.map(function (t) { return t.kind; }).concat(findings.map(function (f) { return f.kind; }))), 'all kinds');
options('filter-severity', [{ value: 'error', label: 'errors' }, { value: 'warn', label: 'warnings' }], 'all severities');
options('filter-verdict', [{ value: 'instrumented', label: 'instrumented' }, { value: 'missing', label: 'not instrumented' }], 'all verdicts');
if (D.ownership) {
  document.getElementById('owner-filter').hidden = false;
  options('filter-owner', D.ownership.owners.map(function (o) { return str(o[0]); }), 'all owners');
}
var search = document.getElementById('search');
var typing;
search.addEventListener('input', function () { clearTimeout(typing); typing = setTimeout(function () { state.text = search.value.toLowerCase(); refresh(); }, 120); });
document.getElementById('scope-clear').addEventListener('click', function () { setScope(''); });
function setScope(path) {
  state.scope = path;
  var s = document.getElementById('scope');
  s.hidden = !path;
  document.getElementById('scope-path').textContent = path;
  refresh();
}
function inScope(fileIndex) {
  var f = files[fileIndex];
  if (state.scope && !(f.path === state.scope || f.path.lastIndexOf(state.scope + '/', 0) === 0)) return false;
  if (state.owner) return state.owner === '(unowned)' ? f.owners.length === 0 : f.owners.indexOf(state.owner) >= 0;
  return true;
}
function matchesText(parts) {
  if (!state.text) return true;
  for (var i = 0; i < parts.length; i++) if (String(parts[i]).toLowerCase().indexOf(state.text) >= 0) return true;
  return false;
}
function targetShown(t) {
  return (!state.rule || t.rule === state.rule) && (!state.kind || t.kind === state.kind) &&
    (!state.verdict || (state.verdict === 'instrumented') === t.ok) && inScope(t.file) &&
    matchesText([t.name, files[t.file].path, t.framework]);
}
function findingShown(f) {
  return (!state.rule || f.rule === state.rule) && (!state.kind || f.kind === state.kind) &&
    (!state.severity || f.severity === state.severity) && inScope(f.file) && matchesText([f.message, files[f.file].path, f.rule]);
}

// ---- tabs
var tabs = ['coverage', 'targets', 'findings'];
if (D.ownership) tabs.push('owners');
document.getElementById('tab-owners').hidden = !D.ownership;
tabs.forEach(function (t) { document.getElementById('tab-' + t).addEventListener('click', function () { showTab(t); }); });
function showTab(t) {
  state.tab = t;
  tabs.forEach(function (x) {
    document.getElementById('tab-' + x).setAttribute('aria-selected', String(x === t));
    document.getElementById('panel-' + x).hidden = x !== t;
  });
  // Only the filters that apply to what is shown.
  document.getElementById('severity-filter').hidden = t !== 'findings';
  document.getElementById('verdict-filter').hidden = t !== 'targets';
  refresh();
}

// ---- lists that render a page at a time, the next when the end is scrolled into view
function pagedList(container, items, render) {
  container.textContent = '';
  var shown = 0;
  var more = el('div', 'more');
  var observer;
  function next() {
    var end = Math.min(items.length, shown + PAGE);
    var frag = document.createDocumentFragment();
    for (; shown < end; shown++) frag.appendChild(render(items[shown]));
    container.appendChild(frag);
    if (shown < items.length) {
      more.textContent = 'showing ' + shown + ' of ' + items.length + ' — scroll for more';
      container.appendChild(more);
    } else if (observer) { observer.disconnect(); more.remove(); }
  }
  if (!items.length) { container.appendChild(el('div', 'empty', 'nothing matches the filters')); return; }
  next();
  if (shown < items.length && 'IntersectionObserver' in window) {
    observer = new IntersectionObserver(function (entries) { if (entries[0].isIntersecting) next(); }, { rootMargin: '600px' });
    observer.observe(more);
  }
  more.addEventListener('click', next);
}

function where(fileIndex, line, column) { return files[fileIndex].path + ':' + line + (column ? ':' + column : ''); }

function renderTarget(t) {
  var row = el('div', 'row target');
  row.setAttribute('data-index', String(t.i));
  var line = el('div', 'line');
  line.setAttribute('role', 'button');
  line.setAttribute('aria-expanded', 'false');
  line.tabIndex = 0;
  add(line, el('span', 'badge ' + (t.ok ? 'ok' : 'no'), t.ok ? 'instrumented' : 'no telemetry'), el('span', 'title', t.name),
    el('span', 'sub', t.kind + (t.framework ? ' · ' + t.framework : '') + ' · ' + t.rule), el('span', 'where', where(t.file, t.line, t.column)));
  row.appendChild(line);
  var open = false, details;
  function toggle() {
    open = !open;
    line.setAttribute('aria-expanded', String(open));
    if (!details) { details = targetDetails(t); row.appendChild(details); }
    details.hidden = !open;
  }
  line.addEventListener('click', toggle);
  line.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); toggle(); } });
  return row;
}
function targetDetails(t) {
  var d = el('div', 'details');
  if (!t.ok) { d.appendChild(el('div', 'reason', t.reason || 'no telemetry found')); return d; }
  if (!t.evidence.length) { d.appendChild(el('div', 'reason', 'instrumented (no evidence recorded)')); return d; }
  var ol = el('ol', 'chain');
  ol.appendChild(add(el('li'), el('span', 'step', 'target '), document.createTextNode(t.name + ' '), el('span', 'at', where(t.file, t.line))));
  t.evidence.forEach(function (s) {
    var kind = STEP[s[0]];
    var text = kind === 'emission' ? str(s[1]) + ' ' + str(s[2]) : kind === 'coverage' ? str(s[1]) + ' ' + str(s[2]) : kind === 'decorator' && str(s[1]).charAt(0) !== '@' ? '@' + str(s[1]) : str(s[1]);
    ol.appendChild(add(el('li', 'evidence-step'), el('span', 'step', kind + ' '), document.createTextNode(text + ' '), el('span', 'at', where(s[3], s[4]))));
  });
  d.appendChild(ol);
  return d;
}

function renderFinding(f) {
  var row = el('div', 'row finding');
  row.setAttribute('data-index', String(f.i));
  var line = el('div', 'line');
  add(line, el('span', 'badge ' + f.severity, f.severity === 'error' ? 'error' : 'warning'), el('span', 'title', f.message),
    el('span', 'sub', f.rule + (f.fixable ? ' · fixable with --fix' : '')), el('span', 'where', where(f.file, f.line, f.column)));
  row.appendChild(line);
  var d = el('div', 'details');
  if (f.frameEnd) d.appendChild(frame(f));
  if (f.help) d.appendChild(add(el('div', 'help'), el('b', null, 'help: '), document.createTextNode(f.help)));
  if (/^https?:\/\//.test(f.docs)) {
    var a = el('a', null, 'why: the rule ' + f.rule);
    a.href = f.docs;
    a.rel = 'noopener noreferrer';
    d.appendChild(add(el('div', 'sub'), a));
  }
  row.appendChild(d);
  return row;
}
function frame(f) {
  var pre = el('pre', 'frame');
  var lines = D.source[f.file] || {};
  for (var n = f.frameStart; n <= f.frameEnd; n++) {
    var text = lines[n] === undefined ? '' : lines[n];
    var hit = n >= f.line && n <= f.endLine;
    var lineEl = el('span', hit ? 'hit' : null);
    lineEl.appendChild(el('span', 'ln', n));
    if (hit) {
      var from = n === f.line ? f.column - 1 : 0;
      var to = n === f.endLine ? f.endColumn - 1 : text.length;
      if (to <= from) to = text.length;
      add(lineEl, document.createTextNode(text.slice(0, from)), el('span', 'range', text.slice(from, to)), document.createTextNode(text.slice(to)));
    } else lineEl.appendChild(document.createTextNode(text));
    pre.appendChild(lineEl);
    pre.appendChild(document.createTextNode('\n'));
  }
  return pre;
}

// ---- the coverage tree: package → folders → file, counts per node for the selected rule and kind
var tree;
function buildTree() {
  var rootNode = { name: '', path: '', children: {}, t: 0, i: 0, kind: 'root' };
  targets.forEach(function (t) {
    if ((state.rule && t.rule !== state.rule) || (state.kind && t.kind !== state.kind) || !inScope(t.file)) return;
    var f = files[t.file];
    var pkg = packages[f.pkg];
    var node = child(rootNode, pkg.name + '\u0000' + pkg.path, pkg.name, pkg.path, 'package');
    count(node, t);
    var under = pkg.path !== '.' && f.path.lastIndexOf(pkg.path + '/', 0) === 0;
    var parts = (under ? f.path.slice(pkg.path.length + 1) : f.path).split('/');
    var at = under ? pkg.path : '';
    for (var k = 0; k < parts.length; k++) {
      at = at ? at + '/' + parts[k] : parts[k];
      node = child(node, parts[k], parts[k], at, k === parts.length - 1 ? 'file' : 'folder');
      count(node, t);
    }
  });
  count(rootNode, null);
  return rootNode;
}
function child(node, key, name, path, kind) {
  var c = node.children[key];
  if (!c) node.children[key] = c = { name: name, path: path, children: {}, t: 0, i: 0, kind: kind };
  return c;
}
function count(node, t) { if (t) { node.t++; if (t.ok) node.i++; } }
// A folder with one folder in it shows as one row (src/routes/admin), as code hosts show them.
function compact(node) {
  var keys = Object.keys(node.children);
  while (node.kind === 'folder' && keys.length === 1 && node.children[keys[0]].kind === 'folder') {
    var only = node.children[keys[0]];
    node = { name: node.name + '/' + only.name, path: only.path, children: only.children, t: only.t, i: only.i, kind: 'folder' };
    keys = Object.keys(node.children);
  }
  return node;
}
function sortedChildren(node) {
  var list = Object.keys(node.children).map(function (k) { return compact(node.children[k]); });
  var by = document.getElementById('tree-sort').value;
  list.sort(function (a, b) {
    if (by === 'worst') { var ra = a.t ? a.i / a.t : 1, rb = b.t ? b.i / b.t : 1; if (ra !== rb) return ra - rb; if (a.t !== b.t) return b.t - a.t; }
    if (by === 'size' && a.t !== b.t) return b.t - a.t;
    if ((a.kind === 'file') !== (b.kind === 'file')) return a.kind === 'file' ? 1 : -1;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
  return list;
}
function renderTree() {
  var box = document.getElementById('tree');
  box.textContent = '';
  tree = buildTree();
  var head = el('div', 'node head');
  add(head, el('span', null, 'package / folder / file'), el('span', null, 'coverage'), el('span', 'num', 'instrumented'), el('span', 'pct', '%'));
  box.appendChild(head);
  var top = sortedChildren(tree);
  if (!top.length) { box.appendChild(el('div', 'empty', 'no target matches the filters')); return; }
  var frag = document.createDocumentFragment();
  // A level with one entry opens by itself, down to the first level that branches.
  top.forEach(function (n) { frag.appendChild(treeRow(n, 0, top.length === 1)); });
  box.appendChild(frag);
}
function treeRow(node, depth, open) {
  var wrap = el('div', 'tree-item');
  var row = el('div', 'node ' + node.kind);
  row.setAttribute('data-path', node.path);
  var label = el('span', 'label');
  label.style.paddingLeft = (depth * 16) + 'px';
  var twist = el('button', 'twist', node.kind === 'file' ? '' : '▸');
  twist.setAttribute('aria-label', 'open ' + node.name);
  twist.disabled = node.kind === 'file';
  var name = el('span', 'name link', node.name);
  name.title = 'show the targets of ' + node.path;
  name.addEventListener('click', function () { setScope(node.path === '.' ? '' : node.path); showTab('targets'); });
  add(label, twist, name, node.kind === 'package' ? el('span', 'kind', node.path === node.name || node.path === '.' ? 'package' : 'package · ' + node.path) : null);
  add(row, label, add(el('span'), bar(node.i, node.t)), el('span', 'num', node.i + '/' + node.t), el('span', 'pct', pct(node.i, node.t)));
  wrap.appendChild(row);
  var kids;
  function toggle() {
    var opening = !kids || kids.hidden;
    if (!kids) {
      kids = el('div', 'children');
      var list = sortedChildren(node);
      // A folder of thousands of files shows them a page at a time too.
      wrap.appendChild(kids);
      pagedList(kids, list, function (c) { return treeRow(c, depth + 1, list.length === 1); });
    }
    kids.hidden = !opening;
    twist.textContent = opening ? '▾' : '▸';
    twist.setAttribute('aria-expanded', String(opening));
  }
  if (node.kind !== 'file') twist.addEventListener('click', toggle);
  if (open && node.kind !== 'file') toggle();
  return wrap;
}
document.getElementById('tree-sort').addEventListener('change', function () { renderTree(); });

// ---- owners
function renderOwners() {
  var box = document.getElementById('owners');
  if (!D.ownership || box.childNodes.length) return;
  box.appendChild(el('p', 'sub', 'From ' + D.ownership.file + '. A file two owners share counts for both; select an owner to see their targets.'));
  var table = el('table', 'owners');
  var head = el('tr');
  ['owner', 'coverage', 'instrumented', 'targets', 'per rule'].forEach(function (h) { head.appendChild(el('th', null, h)); });
  table.appendChild(head);
  D.ownership.owners.forEach(function (o) {
    var name = str(o[0]);
    var tr = el('tr');
    tr.setAttribute('data-owner', name);
    var link = el('a', null, name);
    link.href = '#';
    link.addEventListener('click', function (e) {
      e.preventDefault();
      var s = document.getElementById('filter-owner');
      s.value = name; state.owner = name;
      showTab('targets');
    });
    var rules = o[3].map(function (r) { return str(r[0]) + ' ' + pct(r[2], r[1]) + ' (' + r[2] + '/' + r[1] + ')'; }).join(' · ');
    add(tr, add(el('td'), link), add(el('td'), bar(o[2], o[1]), document.createTextNode(' ' + pct(o[2], o[1]))), el('td', 'num', o[2]), el('td', 'num', o[1]), el('td', 'sub', rules));
    table.appendChild(tr);
  });
  box.appendChild(table);
}

// ---- what the filters show
function refresh() {
  if (state.tab === 'coverage') renderTree();
  else if (state.tab === 'targets') {
    var ts = targets.filter(targetShown);
    document.getElementById('targets-count').textContent = plural(ts.length, 'target') + (ts.length !== targets.length ? ' of ' + targets.length : '') +
      ' · ' + ts.filter(function (t) { return t.ok; }).length + ' instrumented';
    pagedList(document.getElementById('targets'), ts, renderTarget);
  } else if (state.tab === 'findings') {
    var fs = findings.filter(findingShown);
    document.getElementById('findings-count').textContent = plural(fs.length, 'finding') + (fs.length !== findings.length ? ' of ' + findings.length : '');
    pagedList(document.getElementById('findings'), fs, renderFinding);
  } else renderOwners();
}

document.getElementById('tab-targets').textContent = 'Targets (' + targets.length + ')';
document.getElementById('tab-findings').textContent = 'Findings (' + findings.length + ')';
if (!D.explained) document.getElementById('targets-note').hidden = false;
// The toggle flips what is shown (the system's scheme until one is chosen), and the choice is kept.
document.getElementById('theme').addEventListener('click', function () {
  var shown = root.getAttribute('data-theme') || (window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
  setTheme(shown === 'dark' ? 'light' : 'dark');
});
setTheme(THEMES.indexOf(stored()) >= 0 ? stored() : 'auto');
showTab(findings.length && !targets.length ? 'findings' : 'coverage');
document.body.setAttribute('data-rendered', String(Math.round(performance.now())));
})();
`;
