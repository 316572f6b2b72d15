// Benchmark harness. Usage:
//   node bench/run.js                 generate 10,000 files (deterministic) under $TMPDIR/check-doctrines-bench/ and measure
//   node bench/run.js --files 5000    another size
//   node bench/run.js --path <repo>   measure a real codebase instead (not modified; staged run skipped unless it is a git repo you allow: --allow-git)
//   node bench/run.js --daemon        also measure the same warm, one-edit and --staged runs answered by a daemon
//                                     (check-doctrines daemon start in the codebase; stopped at the end)
//   node bench/run.js --against <dir> also compare cold runs with another built checkout of the tool (a git worktree
//                                     of an older commit, built): paired runs, alternating which goes first
// Reports, each as wall time (whole process), ratio to the parse floor, files/second and peak RSS:
// the parse floor (measured here), check-doctrines cold (no cache), warm (cache, nothing changed), a
// cached run after a one-file edit, and --staged with 5 changed files (warm). Floor and cold samples alternate, so a machine whose speed
// drifts during the run (shared or thermally limited cores) weighs on both alike.
import { spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const bin = path.join(root, 'bin', 'check-doctrines.js');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const total = Number(opt('--files', '10000'));
const realPath = opt('--path');
const runs = Number(opt('--runs', '3'));
const against = opt('--against');
if (against && !fs.existsSync(path.join(path.resolve(against), 'bin', 'check-doctrines.js'))) {
  console.error(`bench: --against ${against}: no bin/check-doctrines.js there (a built checkout of the tool is needed)`);
  process.exit(2);
}

if (!fs.existsSync(path.join(root, 'dist', 'src', 'cli.js'))) {
  console.error('bench: build first (npm run build)');
  process.exit(2);
}

let dir;
let generated = false;
if (realPath) dir = path.resolve(realPath);
else {
  // Outside the project: the project's .gitignore would hide a folder inside it from discovery.
  dir = path.join(os.tmpdir(), 'check-doctrines-bench', `gen-${total}`);
  const marker = path.join(dir, '.bench-complete');
  if (!fs.existsSync(marker)) {
    const n = generate(dir, total);
    fs.writeFileSync(marker, String(n));
  }
  generated = true;
}

const { discoverFiles } = await import(path.join(root, 'dist', 'src', 'engine', 'discover.js'));
const { files } = await discoverFiles({ cwd: dir, paths: ['.'], include: [], exclude: [], defaultIgnores: true, maxFileSize: 1 << 20 });
const listFile = path.join(os.tmpdir(), `doctrines-bench-${process.pid}.txt`);
fs.writeFileSync(listFile, files.join('\n'));
const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);

/** Run a command under /usr/bin/time for wall time and peak RSS of the whole process. */
// One-shot runs never go through a daemon (one left running would answer them); daemon rows set it to 1.
let daemonEnv = '0';
function measure(cmd, cmdArgs, cwd) {
  const timeFile = path.join(os.tmpdir(), `doctrines-time-${process.pid}.txt`);
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', timeFile, cmd, ...cmdArgs], { cwd, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, CI: 'true', CHECK_DOCTRINES_DAEMON: daemonEnv } });
  const wall = performance.now() - t0;
  const rssKb = Number(fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop());
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${cmdArgs.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { wall, rssMb: rssKb / 1024, stdout: r.stdout };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** A table row from a run's samples: median wall time, highest peak memory. */
function row(label, samples) {
  return { label, wall: median(samples.map((s) => s.wall)), rssMb: Math.max(...samples.map((s) => s.rssMb)), extra: samples[0].extra };
}

function best(label, fn) {
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(fn(i));
  return row(label, samples);
}

/** Like `best`, for two runs whose ratio matters: their samples alternate, so drift in the machine's speed weighs on both alike. */
function interleaved(labelA, fnA, labelB, fnB) {
  const a = [];
  const b = [];
  for (let i = 0; i < runs; i++) {
    a.push(fnA(i));
    b.push(fnB(i));
  }
  return [row(labelA, a), row(labelB, b)];
}

const cacheDir = path.join(os.tmpdir(), `doctrines-bench-cache-${process.pid}`);
const tool = (extra) => [bin, '.', '--format', 'json', ...extra];
const rows = interleaved(
  'parse floor (ts.createSourceFile + forEachChild, 1 thread)',
  () => {
    const m = measure(process.execPath, [path.join(here, 'floor.js'), listFile], dir);
    return { ...m, extra: JSON.parse(m.stdout) };
  },
  'check-doctrines cold (--no-cache)',
  () => measure(process.execPath, tool(['--no-cache']), dir),
);
/** The cached runs: nothing changed, one file edited, five files staged; `how` names them in the table. */
function incrementalRows(how) {
  rows.push(best(`check-doctrines warm (cache, nothing changed)${how}`, (i) => {
    if (i === 0 && !how) {
      fs.rmSync(cacheDir, { recursive: true, force: true });
      measure(process.execPath, tool(['--cache', '--cache-location', cacheDir]), dir);
    }
    return measure(process.execPath, tool(['--cache', '--cache-location', cacheDir]), dir);
  }));

  // One file edited since the last cached run (an editor's save, then a run): the file is put back afterwards.
  {
    const edited = files.find((f) => f.includes(`${path.sep}routes${path.sep}`)) ?? files[0];
    const original = fs.readFileSync(edited);
    try {
      rows.push(best(`check-doctrines after a one-file edit (cache)${how}`, (i) => {
        fs.appendFileSync(edited, `\n// bench edit ${i} ${Date.now()}\n`);
        return measure(process.execPath, tool(['--cache', '--cache-location', cacheDir]), dir);
      }));
    } finally {
      fs.writeFileSync(edited, original);
    }
  }

  if (generated || args.includes('--allow-git')) {
    // A git repository with 5 staged changes, then a warm --staged run.
    if (!fs.existsSync(path.join(dir, '.git'))) {
      execFileSync('git', ['init', '-q'], { cwd: dir });
      execFileSync('git', ['-c', 'user.email=b@b', '-c', 'user.name=bench', 'add', '-A'], { cwd: dir });
      execFileSync('git', ['-c', 'user.email=b@b', '-c', 'user.name=bench', 'commit', '-qm', 'base'], { cwd: dir });
    }
    let changed = files.filter((f) => f.includes(`${path.sep}routes${path.sep}`)).slice(0, 5);
    if (changed.length < 5) changed = files.slice(0, 5);
    // Every sample edits and stages the 5 files anew, as a commit right after an edit does: the run must
    // re-analyse them (a repeated run on the same staged state would be answered by the result cache).
    rows.push(best(`check-doctrines --staged, 5 changed files (warm)${how}`, (i) => {
      for (const f of changed) fs.appendFileSync(f, `\n// bench edit ${i} ${Date.now()}\n`);
      execFileSync('git', ['add', ...changed], { cwd: dir });
      return measure(process.execPath, tool(['--staged', '--cache', '--cache-location', cacheDir]), dir);
    }));
    execFileSync('git', ['reset', '-q'], { cwd: dir });
    execFileSync('git', ['checkout', '-q', '--', '.'], { cwd: dir });
  }
}
incrementalRows('');

let daemonNote = '';
if (args.includes('--daemon')) {
  const daemon = (action) => execFileSync(process.execPath, [bin, 'daemon', action], { cwd: dir, encoding: 'utf8', env: { ...process.env, CHECK_DOCTRINES_DAEMON: '1' } });
  daemon('stop');
  const t0 = performance.now();
  daemon('start');
  const startMs = performance.now() - t0;
  daemonEnv = '1';
  try {
    // Its first run with the bench's cache folder reads that folder's caches; later runs keep them in memory.
    measure(process.execPath, tool(['--cache', '--cache-location', cacheDir]), dir);
    incrementalRows(' — daemon');
    const status = daemon('status');
    daemonNote = `\ndaemon: started in ${(startMs / 1000).toFixed(1)} s (its first analysis included); ${/(\d+) MB resident/.exec(status)?.[1] ?? '?'} MB resident after the runs; ${/watching (\d+) folders/.exec(status)?.[1] ?? 'no'} folders watched`;
  } finally {
    daemonEnv = '0';
    daemon('stop');
  }
}
fs.rmSync(cacheDir, { recursive: true, force: true });
fs.rmSync(listFile, { force: true });

const floor = rows[0].wall;
console.log(`\ncodebase: ${realPath ? dir : `generated, ${files.length} files`} — ${files.length} files analysed, ${(bytes / 1e6).toFixed(1)} MB; ${os.cpus().length} cores; node ${process.version}; median of ${runs}`);
console.log('| run | wall (s) | × floor | files/s | peak RSS (MB) |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(`| ${r.label} | ${(r.wall / 1000).toFixed(2)} | ${(r.wall / floor).toFixed(2)} | ${Math.round(files.length / (r.wall / 1000))} | ${Math.round(r.rssMb)} |`);
}
if (against) {
  // Two builds on one machine whose speed drifts by tens of percent within minutes: each pair of cold runs
  // is taken back to back (the order alternating), and the ratio of each pair is what is compared.
  const other = path.join(path.resolve(against), 'bin', 'check-doctrines.js');
  const ratios = [];
  const mine = [];
  const theirs = [];
  for (let i = 0; i < runs; i++) {
    const pair = i % 2 ? [() => measure(process.execPath, [other, '.', '--format', 'json', '--no-cache'], dir), () => measure(process.execPath, tool(['--no-cache']), dir)] : [() => measure(process.execPath, tool(['--no-cache']), dir), () => measure(process.execPath, [other, '.', '--format', 'json', '--no-cache'], dir)];
    const [first, second] = pair.map((f) => f().wall);
    const [m, t] = i % 2 ? [second, first] : [first, second];
    mine.push(m);
    theirs.push(t);
    ratios.push(m / t);
  }
  let rev = '';
  try {
    rev = ` at ${execFileSync('git', ['-C', path.resolve(against), 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()}`;
  } catch {
    // not a git checkout
  }
  console.log(`\ncold runs against ${against}${rev}, ${runs} pairs: this build ${(median(mine) / 1000).toFixed(2)} s, the other ${(median(theirs) / 1000).toFixed(2)} s (medians); this / other per pair: median ${median(ratios).toFixed(3)}, range ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}`);
}
if (daemonNote) console.log(daemonNote);
if (rows[0].extra) console.log(`\nfloor in-process parse+walk time: ${(rows[0].extra.ms / 1000).toFixed(2)} s (${rows[0].extra.nodes} nodes); wall includes Node start-up and module loading.`);
