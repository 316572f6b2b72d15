// The html report in a real browser: Debian's Chromium driven by puppeteer-core (scripts/chromium.mjs), one
// launch for the file. Without /usr/bin/chromium the browser tests skip, saying why; CI (.ci/run) installs it
// and sets DOCTRINES_REQUIRE_CHROMIUM=1, so there a missing browser fails instead.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'puppeteer-core';
import { CHROMIUM, launchChromium, openReport } from '../scripts/chromium.mjs';
import { runCli } from './helpers/cli.js';
import { tempProject } from './helpers/project.js';
import { formatHtml } from '../src/reporters/html.js';

const HAS_CHROMIUM = fs.existsSync(CHROMIUM);
const REQUIRED = process.env.DOCTRINES_REQUIRE_CHROMIUM === '1';

// A route whose path tries to end the data script and run its own; a log message that tries markup.
const HOSTILE_ROUTE = `/x</script><script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">`;
const APP = `import express from 'express';
import { trace } from '@opentelemetry/api';
import { logger } from './logger';
import { listOrders } from './orders';
const app = express();
app.get('/orders', (req, res) => {
  listOrders(res);
});
app.get('/health', (req, res) => {
  res.send('ok');
});
app.get(${JSON.stringify(HOSTILE_ROUTE)}, (req, res) => {
  logger.info(\`<b onmouseover="window.__xss = 3">\${req.query.q}</b>\`);
  res.send('x');
});
app.listen(3000);
`;
const PAY = `import { Router } from 'express';
export const pay = Router();
pay.post('/pay', async (req, res) => {
  await fetch('https://bank.example/charge');
  res.send('paid');
});
`;
const ORDERS = `import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('shop');
export function listOrders(res: { json(v: unknown): void }) {
  tracer.startActiveSpan('list orders', (span) => {
    res.json([]);
    span.end();
  });
}
`;
const LOGGER = `import pino from 'pino';
export const logger = pino();
`;

function project(): string {
  const dir = fs.realpathSync(
    tempProject({
      'package.json': JSON.stringify({ name: 'shop', private: true, dependencies: { express: '4', pino: '9', '@opentelemetry/api': '1' } }),
      'src/app.ts': APP,
      'src/logger.ts': LOGGER,
      'src/orders.ts': ORDERS,
      'src/billing/pay.ts': PAY,
      '.github/CODEOWNERS': '* @acme/platform\n/src/billing/ @acme/billing\n',
      // Written by an earlier --update-baseline: every handler was instrumented then.
      'base.json': JSON.stringify({ schemaVersion: 1, tool: 'check-doctrines', coverage: { 'otel/http-handler': { targets: 4, instrumented: 4 } }, findings: [] }),
    }),
  );
  fs.mkdirSync(path.join(dir, '.git'));
  return dir;
}

describe('--format html (without a browser)', () => {
  it('keeps hostile paths, names and messages inside its data: escaped `<`, line separators and bidirectional overrides', () => {
    const file = 'src/</script><!--<script>x.ts';
    const html = formatHtml({
      schemaVersion: 1,
      tool: { name: 'check-doctrines', version: '0.0.0' },
      mode: 'blocking',
      pillars: ['otel'],
      summary: { files: 1, durationMs: 1, errors: 1, warnings: 0, suppressed: 0, baselined: 0, skipped: [], coverage: { 'otel/http-handler': { targets: 1, instrumented: 0 } }, unrecognised: [] },
      findings: [
        {
          ruleId: 'otel/http-handler', pillar: 'otel', severity: 'error', message: 'GET /a\u2028b\u202Ec handler emits no telemetry', file, line: 1, column: 1, endLine: 1, endColumn: 5,
          fingerprint: 'f', help: 'h',
        },
      ],
      targets: [{ ruleId: 'otel/http-handler', kind: 'http-handler', framework: 'express', name: 'GET /a', file, line: 1, column: 1, instrumented: false, evidence: [] }],
    }, { source: () => 'app.get("</script>", h)\n' });
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).not.toMatch(/<!--|[\u2028\u2029\u202e]/);
    const data = JSON.parse(/id="report-data">(.*?)<\/script>/s.exec(html)![1]);
    expect(data.strings[data.files[0][0]]).toBe(file);
    expect(data.findings[0][2]).toBe('GET /a\\u{2028}b\\u{202E}c handler emits no telemetry');
    expect(data.source[0][1]).toBe('app.get("</script>", h)');
  });

  it('is one page: data escaped inside its JSON script, a policy that runs only its own script and fetches nothing', () => {
    const dir = project();
    const r = runCli(dir, ['--no-cache', '--format', 'html', '--baseline', 'base.json', '--rule', 'otel/structured-logging=warn']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const html = r.stdout;
    expect(html.startsWith('<!doctype html>')).toBe(true);
    // The hostile route is in the data, with its `<` escaped: it cannot close the data script.
    expect(html).toContain('/x\\u003c/script>\\u003cscript>window.__xss = 1');
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).not.toMatch(/<img|onerror="window|<b onmouseover/);
    // Nothing is loaded from anywhere: no URL but the rule docs' inside the data, and a policy of 'none' by default.
    const policy = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(policy).toMatch(/^default-src 'none'; script-src 'sha256-[^']+'; style-src 'sha256-[^']+'/);
    expect(html).not.toMatch(/<(link|img|iframe)\b|src="http/);
    const data = JSON.parse(/<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)![1]);
    expect(data.targets).toHaveLength(5);
    expect(data.ownership.owners.map((o: unknown[]) => data.strings[o[0] as number])).toEqual(['@acme/billing', '@acme/platform']);
  });

  it('leaves the other formats of the same run as they are without it (no targets unless --explain)', () => {
    const dir = project();
    const out = path.join(dir, 'report.html');
    const r = runCli(dir, ['--no-cache', '--format', `html=${out}`, '--format', 'json']);
    expect(fs.readFileSync(out, 'utf8')).toContain('id="report-data"');
    const json = JSON.parse(r.stdout);
    expect(json.targets).toBeUndefined();
    expect(json.summary.coverage['otel/http-handler']).toEqual({ targets: 4, instrumented: 1 });
  });
});

const SKIP_REASON = `skipped: ${CHROMIUM} is missing; install Debian's chromium package, or set DOCTRINES_REQUIRE_CHROMIUM=1 to fail instead`;
const browserTitle = HAS_CHROMIUM ? 'html report in Chromium' : REQUIRED ? `html report in Chromium (${CHROMIUM} is missing)` : `html report in Chromium (${SKIP_REASON})`;
// The default reporter counts skipped tests without their names: the reason is printed once as well.
if (!HAS_CHROMIUM && !REQUIRED) console.warn(`test/html-report.test.ts: browser tests ${SKIP_REASON}`);

describe.skipIf(!HAS_CHROMIUM && !REQUIRED)(browserTitle, () => {
  let close: (() => Promise<void>) | undefined;
  let browser: Browser;
  let file: string;

  beforeAll(async () => {
    if (!HAS_CHROMIUM) throw new Error(`DOCTRINES_REQUIRE_CHROMIUM=1 but ${CHROMIUM} is missing: install Debian's chromium package`);
    const dir = project();
    file = path.join(dir, 'report.html');
    const r = runCli(dir, ['--no-cache', '--format', `html=${file}`, '--baseline', 'base.json', '--rule', 'otel/structured-logging=warn']);
    expect(r.stderr).toBe('');
    const launched = await launchChromium();
    browser = launched.browser;
    close = launched.close;
  }, 60_000);

  afterAll(async () => {
    await close?.();
  });

  async function open(colorScheme?: 'light' | 'dark'): Promise<{ page: Page; errors: string[] }> {
    return openReport(browser, file, { colorScheme });
  }
  const texts = (page: Page, selector: string) => page.$$eval(selector, (els) => els.map((e) => (e as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));
  const select = async (page: Page, id: string, value: string) => {
    await page.select(`#${id}`, value);
  };

  it('renders the overview, the coverage tree and its change since the baseline, with no console error', async () => {
    const { page, errors } = await open();
    expect(await page.title()).toBe('check-doctrines report');
    const cards = await texts(page, '.card');
    expect(cards).toContainEqual(expect.stringMatching(/^otel\/http-handler 25\.0% 100\.0% → 25\.0% .*1 of 4 targets instrumented$/));
    // The tree: the one package opens by itself down to where it branches.
    const rows = await page.$$eval('#tree .node:not(.head)', (els) => els.map((e) => [e.getAttribute('data-path'), (e as HTMLElement).innerText.replace(/\s+/g, ' ').trim()]));
    expect(rows[0]).toEqual(['.', '▾ shop package 1/5 20.0%']);
    expect(rows.map((r) => r[0])).toEqual(['.', 'src', 'src/billing', 'src/app.ts']);
    // Per rule: the bars follow the rule filter.
    await select(page, 'filter-rule', 'otel/http-handler');
    expect(await page.$eval('#tree .node[data-path="src/app.ts"]', (e) => e.textContent)).toMatch(/1\/3\s*33\.3%/);
    // A fallen back font would still lay the text out: no text of the page is zero-sized.
    expect(await page.$eval('#meta', (e) => e.getBoundingClientRect().width)).toBeGreaterThan(100);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lists every target with its verdict and evidence, and filters them by verdict, kind, rule, folder and text', async () => {
    const { page, errors } = await open();
    await page.click('#tab-targets');
    expect(await page.$eval('#targets-count', (e) => e.textContent)).toBe('5 targets · 1 instrumented');
    const names = await texts(page, '#targets .row .title');
    expect(names).toContain(HOSTILE_ROUTE.replace(/^/, 'GET '));
    // The evidence chain of the instrumented handler, opened on click.
    const instrumented = await page.$$('#targets .row .badge.ok');
    expect(instrumented).toHaveLength(1);
    await instrumented[0].click();
    const chain = await texts(page, '#targets .row .chain li');
    expect(chain).toEqual(['target GET /orders src/app.ts:6', 'call listOrders src/app.ts:7', 'emission opentelemetry tracer.startActiveSpan src/orders.ts:4']);
    await select(page, 'filter-verdict', 'missing');
    expect(await page.$eval('#targets-count', (e) => e.textContent)).toBe('4 targets of 5 · 0 instrumented');
    await select(page, 'filter-kind', 'outbound-call');
    expect(await texts(page, '#targets .row .title')).toEqual(['fetch']);
    await select(page, 'filter-verdict', 'instrumented');
    expect(await page.$eval('#targets .empty', (e) => e.textContent)).toBe('nothing matches the filters');
    await select(page, 'filter-kind', '');
    await select(page, 'filter-verdict', '');
    await page.type('#search', 'health');
    await page.waitForFunction(() => document.querySelector('#targets-count')?.textContent === '1 target of 5 · 0 instrumented');
    // A folder clicked in the tree scopes the list to it.
    await page.$eval('#search', (e) => {
      (e as HTMLInputElement).value = '';
      e.dispatchEvent(new Event('input'));
    });
    await page.waitForFunction(() => document.querySelector('#targets-count')?.textContent === '5 targets · 1 instrumented');
    await page.click('#tab-coverage');
    await page.click('#tree .node[data-path="src/billing"] .name');
    expect(await page.$eval('#tab-targets', (e) => e.getAttribute('aria-selected'))).toBe('true');
    expect(await page.$eval('#scope-path', (e) => e.textContent)).toBe('src/billing');
    expect(await texts(page, '#targets .row .where')).toEqual(['src/billing/pay.ts:3:18', 'src/billing/pay.ts:4:9']);
    await page.click('#scope-clear');
    expect(await page.$eval('#scope', (e) => (e as HTMLElement).hidden)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows every finding with its code frame and help, filtered by severity and rule', async () => {
    const { page, errors } = await open();
    await page.click('#tab-findings');
    expect(await page.$eval('#findings-count', (e) => e.textContent)).toBe('5 findings');
    const log = (await page.$$('#findings .row')).length;
    expect(log).toBe(5);
    await select(page, 'filter-severity', 'warn');
    expect(await page.$eval('#findings-count', (e) => e.textContent)).toBe('1 finding of 5');
    const frame = await page.$eval('#findings .frame', (e) => e.textContent);
    // The source line as text, its range marked: the markup in the log message stays text.
    expect(frame).toContain('13  logger.info(`<b onmouseover="window.__xss = 3">${req.query.q}</b>`);');
    expect(await page.$eval('#findings .frame .range', (e) => e.textContent)).toBe('logger.info(`<b onmouseover="window.__xss = 3">${req.query.q}</b>`)');
    expect(await page.$eval('#findings .help', (e) => e.textContent)).toMatch(/^help: \S/);
    await select(page, 'filter-severity', '');
    await select(page, 'filter-rule', 'otel/http-handler');
    expect(await texts(page, '#findings .row .title')).toEqual([
      `GET /health handler (express) emits no telemetry`,
      `GET ${HOSTILE_ROUTE} handler (express) emits no telemetry`,
      'POST /pay handler (express) emits no telemetry',
    ]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('runs no script from the analysed code: hostile names and messages stay text', async () => {
    const { page, errors } = await open();
    await page.click('#tab-targets');
    await page.click('#tab-findings');
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.$$('img, b[onmouseover], script:not(#report-data)')).toHaveLength(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows coverage per owner and filters targets by owner', async () => {
    const { page, errors } = await open();
    await page.click('#tab-owners');
    const rows = await texts(page, '#owners tr[data-owner]');
    expect(rows).toEqual(['@acme/billing 0.0% 0 2 otel/http-handler 0.0% (0/1) · otel/outbound-call 0.0% (0/1)', '@acme/platform 33.3% 1 3 otel/http-handler 33.3% (1/3)']);
    await page.click('#owners tr[data-owner="@acme/billing"] a');
    expect(await page.$eval('#targets-count', (e) => e.textContent)).toBe('2 targets of 5 · 0 instrumented');
    expect(await page.$eval('#filter-owner', (e) => (e as HTMLSelectElement).value)).toBe('@acme/billing');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('follows the system colour scheme, and the toggle overrides it', async () => {
    const { page, errors } = await open('dark');
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await background()).toBe('rgb(13, 17, 23)');
    await page.click('#theme');
    expect(await page.$eval('#theme', (e) => e.getAttribute('data-theme-choice'))).toBe('light');
    expect(await background()).toBe('rgb(255, 255, 255)');
    await page.click('#theme');
    expect(await page.$eval('#theme', (e) => e.getAttribute('data-theme-choice'))).toBe('dark');
    expect(await background()).toBe('rgb(13, 17, 23)');
    // The choice outlives the page (a light system, the dark choice kept).
    const again = await open('light');
    expect(await again.page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(13, 17, 23)');
    await again.page.close();
    expect(errors).toEqual([]);
    await page.close();
  });
});
