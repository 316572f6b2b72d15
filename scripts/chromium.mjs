// Debian's Chromium driven by puppeteer-core, for the HTML report's browser test, its screenshot
// (scripts/report-screenshot.mjs) and its open-time measurement (scripts/report-open-time.mjs).
// The network is closed here and the report needs none: every flag that would make the browser
// phone home is off, and each launch gets a fresh profile in a temporary folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CHROMIUM = process.env.DOCTRINES_CHROMIUM || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A browser and the profile folder it uses; `close()` ends it and removes the folder. */
export async function launchChromium() {
  const { default: puppeteer } = await import('puppeteer-core');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'check-doctrines-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, `--user-data-dir=${profile}`],
  });
  return {
    browser,
    async close() {
      await browser.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Open a report file and wait until its first render is done (the page sets body[data-rendered]).
 * Returns the page, the messages it logged as errors (console errors, uncaught exceptions, blocked
 * requests) and how long navigation to the first render took, in milliseconds.
 */
export async function openReport(browser, file, { width = 1280, height = 900, colorScheme } = {}) {
  const page = await browser.newPage();
  await page.setViewport({ width, height });
  if (colorScheme) await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: colorScheme }]);
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
  const started = Date.now();
  await page.goto(`file://${path.resolve(file)}`, { waitUntil: 'load' });
  await page.waitForSelector('body[data-rendered]', { timeout: 30_000 });
  const openMs = Date.now() - started;
  return { page, errors, openMs };
}
