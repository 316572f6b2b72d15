#!/usr/bin/env node
// Size and open time of html reports in Debian's Chromium (scripts/chromium.mjs): for each file, the time
// from navigation to the page's first render being done (body[data-rendered]), median of --runs opens
// after one warm-up open. Run after `npm run build`.
//
//   node scripts/report-open-time.mjs report.html [more.html…] [--runs 5]
//   node scripts/report-open-time.mjs --synthetic 20000 --from <folder> [--runs 5]
//
// --synthetic N: analyses <folder> (json --explain), then repeats its targets and findings under copies of
// its files (copy-1/…, copy-2/…) until there are exactly N targets (with the findings of those files), and writes that report with the html
// format to $TMPDIR/check-doctrines-report-<N>.html before timing it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, openReport } from './chromium.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const [, value] = args.splice(i, 2);
  return value;
};
const runs = Number(flag('--runs') ?? 5);
const synthetic = flag('--synthetic');
const from = flag('--from');
const files = [...args];

if (synthetic) {
  if (!from) throw new Error('--synthetic needs --from <folder> to take targets from');
  files.push(await syntheticReport(Number(synthetic), path.resolve(from)));
}
if (!files.length) {
  console.error('usage: report-open-time.mjs report.html… | --synthetic N --from <folder>');
  process.exit(2);
}

const { browser, close } = await launchChromium();
try {
  for (const file of files) {
    const warm = await openReport(browser, file);
    await warm.page.close();
    const times = [];
    let errors = warm.errors;
    for (let i = 0; i < runs; i++) {
      const { page, openMs, errors: e } = await openReport(browser, file);
      times.push(openMs);
      errors = errors.concat(e);
      await page.close();
    }
    times.sort((a, b) => a - b);
    const data = JSON.parse(/<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(fs.readFileSync(file, 'utf8'))[1]);
    const mb = (fs.statSync(file).size / 1e6).toFixed(2);
    console.log(
      `${file}: ${mb} MB, ${data.targets.length} targets, ${data.findings.length} findings; open to first render: median ${times[times.length >> 1]} ms (min ${times[0]}, max ${times.at(-1)}, ${runs} runs); console errors: ${errors.length}`,
    );
  }
} finally {
  await close();
}

async function syntheticReport(n, folder) {
  const run = spawnSync(process.execPath, [path.join(root, 'bin', 'check-doctrines.js'), '.', '--format', 'json', '--explain'], {
    cwd: folder,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (!run.stdout) throw new Error(`no report from ${folder}: ${run.stderr}`);
  const base = JSON.parse(run.stdout);
  if (!base.targets.length) throw new Error(`${folder} has no targets to repeat`);
  const targets = [];
  const findings = [];
  for (let copy = 0; targets.length < n; copy++) {
    const at = (file) => (copy ? `copy-${copy}/${file}` : file);
    const files = new Set();
    for (const t of base.targets) {
      if (targets.length === n) break;
      targets.push({ ...t, file: at(t.file), evidence: t.evidence.map((s) => ({ ...s, file: at(s.file) })) });
      files.add(t.file);
    }
    // The last copy may be partial: the findings of the files whose targets it took.
    for (const f of base.findings) if (files.has(f.file)) findings.push({ ...f, file: at(f.file) });
  }
  const coverage = {};
  for (const t of targets) {
    const c = (coverage[t.ruleId] ??= { targets: 0, instrumented: 0 });
    c.targets++;
    if (t.instrumented) c.instrumented++;
  }
  const result = { ...base, summary: { ...base.summary, coverage }, targets, findings };
  const { formatHtml } = await import(path.join(root, 'dist', 'src', 'reporters', 'html.js'));
  const source = (file) => {
    try {
      return fs.readFileSync(path.join(folder, file.replace(/^copy-\d+\//, '')), 'utf8');
    } catch {
      return undefined;
    }
  };
  const out = path.join(os.tmpdir(), `check-doctrines-report-${n}.html`);
  fs.writeFileSync(out, formatHtml(result, { source }));
  return out;
}
