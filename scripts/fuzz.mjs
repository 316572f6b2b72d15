#!/usr/bin/env node
// Fuzz the whole CLI on mutated copies of the project's own fixtures and examples:
//
//   npm run fuzz -- --files 10000 --seed 7 [--keep] [--out <dir>]
//
// Each generated file is a fixture or example file after one to three mutations (truncation, byte flips
// and insertions, deleted brackets and quotes, splices of two files, invalid UTF-8, NUL, CRLF / CR line
// ends, a BOM, a 1 MB line) or a deep-nesting generator (for every construct that nests: expressions,
// else-if, JSX, arrays, objects, calls, member chains, conditionals, blocks, arrow functions, classes,
// template literals, types), up to past the 20,000-level limit. The project is analysed five times —
// --no-cache with one thread and with two, then a cold, a warm and a one-file-edited cached run — and
// the harness checks:
//   - no crash: exit 0 or 1, nothing on stderr but --verbose notes, a JSON report every time;
//   - no file lost: every generated file is analysed (summary.files) or counted in summary.skipped, and a
//     file that could not be analysed has a doctrines/analysis-error finding;
//   - determinism: the same findings for one thread and two, and for cold, warm and uncached runs.
// Prints the counts, wall time and peak memory of the analysis runs; exits 1 on any violation.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'check-doctrines.js');
const CODE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

function parseArgs(argv) {
  const o = { files: 1000, seed: 1, keep: false, out: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--files') o.files = Number(argv[++i]);
    else if (a === '--seed') o.seed = Number(argv[++i]);
    else if (a === '--keep') o.keep = true;
    else if (a === '--out') o.out = argv[++i];
    else throw new Error(`unknown argument ${a} (known: --files N, --seed S, --keep, --out DIR)`);
  }
  if (!Number.isInteger(o.files) || o.files < 1) throw new Error('--files must be a whole number >= 1');
  if (!Number.isInteger(o.seed)) throw new Error('--seed must be a whole number');
  return o;
}

/** mulberry32: a small, seedable PRNG, so a run is reproducible from its seed. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sources() {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (CODE.test(e.name) && fs.statSync(p).size < 200_000) out.push({ rel: path.relative(ROOT, p), bytes: fs.readFileSync(p) });
    }
  };
  walk(path.join(ROOT, 'fixtures'));
  walk(path.join(ROOT, 'examples'));
  return out;
}

// ------------------------------------------------------------------------------------------------
// Mutations: each takes the bytes and the random source, returns new bytes and a name.

const DEEP = {
  concat: (n) => `export const s = ${Array.from({ length: n }, () => "'a'").join(' + ')};\n`,
  elseIf: (n) => `export function f(x: number) {\n${Array.from({ length: n }, (_, i) => `if (x === ${i}) { return ${i}; }`).join(' else ')}\nreturn -1;\n}\n`,
  jsx: (n) => `export const C = () => ${'<div>'.repeat(n)}x${'</div>'.repeat(n)};\n`,
  arrays: (n) => `export const a = ${'['.repeat(n)}1${']'.repeat(n)};\n`,
  objects: (n) => `export const o = ${'{ a: '.repeat(n)}1${' }'.repeat(n)};\n`,
  parens: (n) => `export const p = ${'('.repeat(n)}1${')'.repeat(n)};\n`,
  calls: (n) => `declare function f(x: unknown): unknown;\nexport const c = ${'f('.repeat(n)}1${')'.repeat(n)};\n`,
  members: (n) => `declare const o: any;\nexport const m = o${'.a'.repeat(n)};\n`,
  conditionals: (n) => `declare const x: boolean;\nexport const q = ${'x ? 1 : '.repeat(n)}0;\n`,
  blocks: (n) => `export function b() {\n${'{'.repeat(n)}\n${'}'.repeat(n)}\n}\n`,
  arrows: (n) => `export const g = ${'() => '.repeat(n)}1;\n`,
  classes: (n) => `export const K = ${'class { m() { return '.repeat(n)}1${'; } }'.repeat(n)};\n`,
  templates: (n) => `export const t = ${'`${'.repeat(n)}1${'}`'.repeat(n)};\n`,
  types: (n) => `export type T = ${'Array<'.repeat(n)}string${'>'.repeat(n)};\n`,
};

const MUTATIONS = [
  ['truncate', (b, r) => b.subarray(0, Math.floor(r() * b.length))],
  ['flip bytes', (b, r) => {
    const out = Buffer.from(b);
    for (let k = 0, n = 1 + Math.floor(r() * 8); k < n && out.length; k++) out[Math.floor(r() * out.length)] ^= 1 << Math.floor(r() * 8);
    return out;
  }],
  ['insert bytes', (b, r) => {
    const at = Math.floor(r() * (b.length + 1));
    const junk = Buffer.from(Array.from({ length: 1 + Math.floor(r() * 16) }, () => Math.floor(r() * 256)));
    return Buffer.concat([b.subarray(0, at), junk, b.subarray(at)]);
  }],
  ['delete brackets and quotes', (b, r) => {
    const s = b.toString('latin1');
    return Buffer.from(s.replace(/[{}()[\]'"`]/g, (c) => (r() < 0.3 ? '' : c)), 'latin1');
  }],
  ['invalid utf-8', (b, r) => {
    const at = Math.floor(r() * (b.length + 1));
    return Buffer.concat([b.subarray(0, at), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xe2, 0x82]), b.subarray(at)]);
  }],
  ['nul', (b, r) => {
    const at = Math.floor(r() * (b.length + 1));
    return Buffer.concat([b.subarray(0, at), Buffer.from([0]), b.subarray(at)]);
  }],
  ['crlf', (b) => Buffer.from(b.toString('latin1').replace(/\n/g, '\r\n'), 'latin1')],
  ['cr', (b) => Buffer.from(b.toString('latin1').replace(/\n/g, '\r'), 'latin1')],
  ['bom', (b) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b])],
  ['long line', (b, r) => Buffer.concat([b, Buffer.from(`\nexport const long = '${'x'.repeat(200_000 + Math.floor(r() * 900_000))}';\n`)])],
];

function mutate(src, all, r) {
  // One file in twenty is a deep-nesting generator, depth from 100 to 25,000 (past the 20,000 limit).
  if (r() < 0.05) {
    const kinds = Object.keys(DEEP);
    const kind = kinds[Math.floor(r() * kinds.length)];
    const depth = Math.floor(100 + r() * r() * 25_000);
    return { bytes: Buffer.from(DEEP[kind](depth)), how: `deep ${kind} ${depth}`, ext: kind === 'jsx' ? '.tsx' : '.ts' };
  }
  let bytes = src.bytes;
  const how = [];
  if (r() < 0.15) {
    const other = all[Math.floor(r() * all.length)].bytes;
    bytes = Buffer.concat([bytes.subarray(0, Math.floor(r() * bytes.length)), other.subarray(Math.floor(r() * other.length))]);
    how.push('splice');
  }
  for (let k = 0, n = 1 + Math.floor(r() * 3); k < n; k++) {
    const [name, fn] = MUTATIONS[Math.floor(r() * MUTATIONS.length)];
    bytes = fn(bytes, r);
    how.push(name);
  }
  return { bytes, how: how.join(', ') };
}

// ------------------------------------------------------------------------------------------------

function run(dir, args) {
  const started = process.hrtime.bigint();
  // GNU time reports the peak memory; without it the run goes on and peak memory is not shown.
  const timed = fs.existsSync('/usr/bin/time');
  const cmd = [process.execPath, BIN, '.', '--format', 'json', '--verbose', ...args];
  const r = spawnSync(timed ? '/usr/bin/time' : cmd[0], timed ? ['-f', '%M', ...cmd] : cmd.slice(1), {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, CI: 'true' },
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const lines = r.stderr.trimEnd().split('\n');
  const peakKb = timed ? Number(lines.pop()) : NaN;
  return { status: r.status, stdout: r.stdout, stderr: lines.join('\n'), ms, peakMb: Number.isFinite(peakKb) ? Math.round(peakKb / 1024) : '?' };
}

const key = (f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`;

function main() {
  const o = parseArgs(process.argv.slice(2));
  const r = prng(o.seed);
  const all = sources();
  const dir = o.out ? path.resolve(o.out) : fs.mkdtempSync(path.join(os.tmpdir(), 'doctrines-fuzz-'));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"fuzz","private":true}\n');
  const generated = [];
  for (let i = 0; i < o.files; i++) {
    const src = all[Math.floor(r() * all.length)];
    const m = mutate(src, all, r);
    // Each file keeps its fixture path (file-routed frameworks decide by path) under its own folder.
    const rel = m.ext ? `f${i}/src/deep${m.ext}` : `f${i}/${src.rel.split(path.sep).join('/')}`;
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), m.bytes);
    generated.push({ rel, how: m.how });
  }

  const problems = [];
  const check = (name, res) => {
    if (res.status !== 0 && res.status !== 1) problems.push(`crash: ${name}: exit ${res.status}: ${res.stderr.split('\n').slice(0, 3).join(' | ')}`);
    // --verbose prints an internal error's stack: the file is reported (analysis-error), but it is a bug.
    if (/internal error|\n\s+at |Error:/.test(res.stderr)) problems.push(`crash: ${name}: stderr: ${res.stderr.split('\n').find((l) => /internal error|at |Error:/.test(l))}`);
    let report;
    try {
      report = JSON.parse(res.stdout);
    } catch {
      problems.push(`crash: ${name}: no JSON report`);
      return undefined;
    }
    const skipped = report.summary.skipped.reduce((n, s) => n + s.count, 0);
    if (report.summary.files + skipped !== generated.length) {
      problems.push(`lost: ${name}: ${generated.length} files generated, ${report.summary.files} analysed + ${skipped} skipped`);
    }
    return report;
  };

  const cache = path.join(dir, '.cache');
  const one = run(dir, ['--no-cache', '--concurrency', '1']);
  const two = run(dir, ['--no-cache', '--concurrency', '2']);
  const cold = run(dir, ['--cache-location', cache]);
  const warm = run(dir, ['--cache-location', cache]);
  const reports = { one: check('one thread', one), two: check('two threads', two), cold: check('cold cache', cold), warm: check('warm cache', warm) };
  // One file edited, then a cached run: only it is analysed again.
  const edited = generated.find((g) => !g.how.startsWith('deep'));
  fs.appendFileSync(path.join(dir, edited.rel), '\n// edited\n');
  const after = run(dir, ['--cache-location', cache]);
  const afterEdit = check('cached run after an edit', after);
  const uncachedAfter = check('uncached run after an edit', run(dir, ['--no-cache']));

  const same = (a, b, name) => {
    if (!reports[a] || !reports[b]) return;
    const x = reports[a].findings.map(key).sort();
    const y = reports[b].findings.map(key).sort();
    const onlyA = x.filter((k) => !y.includes(k));
    const onlyB = y.filter((k) => !x.includes(k));
    if (onlyA.length || onlyB.length) problems.push(`different: ${name}: ${onlyA.length} findings only in ${a}, ${onlyB.length} only in ${b}; first: ${(onlyA[0] ?? onlyB[0]).slice(0, 200)}`);
  };
  same('one', 'two', 'threads');
  same('one', 'cold', 'cold cache');
  same('one', 'warm', 'warm cache');
  if (afterEdit && uncachedAfter) {
    reports.afterEdit = afterEdit;
    reports.uncachedAfter = uncachedAfter;
    same('afterEdit', 'uncachedAfter', 'cached run after an edit');
  }

  const base = reports.one;
  const analysisErrors = base ? base.findings.filter((f) => f.ruleId === 'doctrines/analysis-error').length : 0;
  const parseErrors = base ? new Set(base.findings.filter((f) => f.ruleId === 'doctrines/parse-error').map((f) => f.file)).size : 0;
  const skippedText = base ? base.summary.skipped.map((s) => `${s.reason} ${s.count}`).join(', ') || 'none' : '?';
  console.log(`fuzz: seed ${o.seed}, ${generated.length} files from ${all.length} fixture and example files (${dir})`);
  console.log(`  analysed ${base?.summary.files ?? '?'}, skipped ${skippedText}; ${parseErrors} files with parse errors, ${analysisErrors} analysis-error findings, ${base?.findings.length ?? '?'} findings`);
  const crashes = problems.filter((p) => p.startsWith('crash')).length;
  const drops = problems.filter((p) => p.startsWith('lost')).length;
  const differences = problems.filter((p) => p.startsWith('different')).length;
  console.log(`  crashes ${crashes}, silent drops ${drops}, thread/cache differences ${differences}`);
  for (const [name, x] of [['one thread', one], ['two threads', two], ['cold cache', cold], ['warm cache', warm], ['after an edit', after]]) {
    console.log(`  ${name.padEnd(14)} ${(x.ms / 1000).toFixed(2)} s, peak ${x.peakMb} MB`);
  }
  if (!o.keep && !o.out) fs.rmSync(dir, { recursive: true, force: true });
  if (problems.length) {
    console.log(`FAILED: ${problems.length} problems`);
    for (const p of problems) console.log(`  ${p}`);
    process.exit(1);
  }
  console.log('ok: no crash, no file lost, the same findings on every thread count and cache state');
}

main();
