#!/usr/bin/env node
// Regenerates the screenshots of the html report in docs/: the example service (examples/orders-service)
// reported with --format html, opened in Debian's Chromium (scripts/chromium.mjs), its coverage tree and
// its targets with one evidence chain open. Run after `npm run build`:
//
//   node scripts/report-screenshot.mjs
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, openReport } from './chromium.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'check-doctrines-shot-'));
const report = path.join(out, 'report.html');
const run = spawnSync(process.execPath, [path.join(root, 'bin', 'check-doctrines.js'), '.', '--no-cache', '--format', `html=${report}`], {
  cwd: path.join(root, 'examples', 'orders-service'),
  encoding: 'utf8',
});
if (!fs.existsSync(report)) {
  console.error(`check-doctrines wrote no report (exit ${run.status}): ${run.stderr}`);
  process.exit(1);
}
const { browser, close } = await launchChromium();
try {
  const { page, errors } = await openReport(browser, report, { width: 1200, height: 760, colorScheme: 'light' });
  if (errors.length) throw new Error(`the page logged errors: ${errors.join('; ')}`);
  await page.screenshot({ path: path.join(root, 'docs', 'html-report.png') });
  await page.click('#tab-targets');
  await page.click('#targets .row .badge.ok');
  await page.screenshot({ path: path.join(root, 'docs', 'html-report-targets.png') });
  console.log('wrote docs/html-report.png and docs/html-report-targets.png');
} finally {
  await close();
  fs.rmSync(out, { recursive: true, force: true });
}
