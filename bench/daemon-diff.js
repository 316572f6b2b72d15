// Differential check of the daemon on a real repository: after each kind of change on disk (an edit, a
// copy over another file, a new file in a new folder, a deletion, a rename, a .gitignore entry, a
// package.json change, a checkout restoring everything), the report of the run the daemon answers equals
// that of a fresh run in the process (--no-daemon --no-cache), exit code included. Each change is made
// twice over. Usage, in a git repository you allow to be modified (it is restored at the end with
// `git checkout -- . && git clean -fd`; give a copy):
//   check-doctrines daemon start && node bench/daemon-diff.js <repo> && check-doctrines daemon stop
import { spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
const dir = path.resolve(process.argv[2] ?? '.');
const bin = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'check-doctrines.js');
const run = (args, env = {}) => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, CI: 'true', ...env } });
  return r;
};
const report = (r) => { const j = JSON.parse(r.stdout); delete j.summary.durationMs; return JSON.stringify(j); };
if (run(['daemon', 'status']).status !== 0) {
  console.error(`daemon-diff: no daemon serves ${dir}: run check-doctrines daemon start there first`);
  process.exit(2);
}
const tracked = execFileSync('git', ['ls-files', '*.ts'], { cwd: dir, encoding: 'utf8' }).split('\n').filter((f) => f && !f.includes('test') && !f.includes('__') && !f.endsWith('.d.ts'));
const inSrc = tracked.filter((f) => f.includes('/src/'));
const files = inSrc.length >= 20 ? inSrc : tracked;
let seed = 7; const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
const pick = () => files[rnd(files.length)];
const steps = [
  ['append', () => fs.appendFileSync(path.join(dir, pick()), '\n// edit\n')],
  ['replace content with another file', () => fs.copyFileSync(path.join(dir, pick()), path.join(dir, pick()))],
  ['empty a file', () => fs.writeFileSync(path.join(dir, pick()), 'export {};\n')],
  ['new file in new folder', () => { const src = pick(); const d = path.join(dir, path.dirname(src), 'zz-new'); fs.mkdirSync(d, { recursive: true }); fs.copyFileSync(path.join(dir, src), path.join(d, 'copy.ts')); }],
  ['delete a file', () => fs.rmSync(path.join(dir, pick()))],
  ['rename a file', () => { const f = pick(); if (fs.existsSync(path.join(dir, f))) fs.renameSync(path.join(dir, f), path.join(dir, f.replace(/\.ts$/, '-renamed.ts'))); }],
  ['gitignore a folder', () => fs.appendFileSync(path.join(dir, '.gitignore'), `\n${path.dirname(pick())}/\n`)],
  ['package.json dependency change', () => {
    let d = path.dirname(path.join(dir, pick()));
    while (!fs.existsSync(path.join(d, 'package.json')) && d !== dir) d = path.dirname(d);
    const p = path.join(d, 'package.json');
    const j = fs.existsSync(p) ? JSON.parse(fs.readFileSync(p, 'utf8')) : {};
    j.dependencies = { ...j.dependencies, '@opentelemetry/api': '1.9.0' };
    fs.writeFileSync(p, JSON.stringify(j, null, 2));
  }],
  ['git checkout -- . && clean', () => { execFileSync('git', ['checkout', '-q', '--', '.'], { cwd: dir }); execFileSync('git', ['clean', '-qfd'], { cwd: dir }); }],
];
let same = 0, diff = 0;
for (const [name, fn] of [...steps, ...steps]) {
  fn();
  const t0 = performance.now();
  const viaDaemon = run(['--format', 'json']);
  const t1 = performance.now();
  const fresh = run(['--format', 'json', '--no-daemon', '--no-cache']);
  const ok = report(viaDaemon) === report(fresh) && viaDaemon.status === fresh.status;
  ok ? same++ : diff++;
  console.log(`${ok ? 'same' : 'DIFFERENT'}  ${name}  daemon ${(t1 - t0).toFixed(0)} ms  files ${JSON.parse(fresh.stdout).summary.files}  findings ${JSON.parse(fresh.stdout).findings.length}`);
  if (!ok) {
    fs.mkdirSync('/tmp/ddiff', { recursive: true });
    fs.writeFileSync('/tmp/ddiff/a.json', viaDaemon.stdout);
    fs.writeFileSync('/tmp/ddiff/b.json', fresh.stdout);
  }
}
console.log(`${same} same, ${diff} different${diff ? ' (the last pair differing: /tmp/ddiff/a.json from the daemon, b.json in process)' : ''}`);
execFileSync('git', ['checkout', '-q', '--', '.'], { cwd: dir });
execFileSync('git', ['clean', '-qfd'], { cwd: dir });
process.exitCode = diff ? 1 : 0;
