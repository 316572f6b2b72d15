// A damaged cache never fails a run: torn journal lines, truncated or altered cache files are discarded
// and rebuilt, with a --verbose note, and the findings equal an uncached run's (end to end through the CLI).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempProject } from './helpers/project.js';
import { expectOneLineError, runCli } from './helpers/cli.js';

const files = {
  'package.json': '{"name":"svc","dependencies":{"express":"^5.0.0"}}',
  'src/app.ts': `import express from 'express';
import { audit } from './audit';
const app = express();
app.get('/orders', (req, res) => { audit('list'); res.json([]); });
app.get('/health', (req, res) => res.send('ok'));
`,
  'src/audit.ts': `import { metrics } from '@opentelemetry/api';
const counter = metrics.getMeter('svc').createCounter('audits');
export function audit(what: string) { counter.add(1, { what }); }
`,
};

const findingsOf = (stdout: string) => (JSON.parse(stdout).findings as { file: string; line: number; ruleId: string }[]).map((f) => `${f.file}:${f.line} ${f.ruleId}`);

function cacheFiles(dir: string, prefix: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.startsWith(prefix)).map((f) => path.join(dir, f));
}

describe('a damaged cache', () => {
  const uncached = (dir: string) => findingsOf(runCli(dir, ['--format', 'json', '--no-cache']).stdout);

  /** A project with a warm cache; `damage` alters it; the next two runs must equal an uncached run. */
  function afterDamage(damage: (cache: string) => void) {
    const dir = tempProject(files);
    // Files changed in the last two seconds are not trusted by size and mtime (the caches re-read or re-judge
    // them); dated ten seconds back, every run takes the cache the same way, however fast the machine.
    const past = new Date(Date.now() - 10_000);
    for (const f of Object.keys(files)) fs.utimesSync(path.join(dir, f), past, past);
    const cache = path.join(dir, '.cache');
    const args = ['--format', 'json', '--cache-location', cache, '--verbose'];
    runCli(dir, args);
    damage(cache);
    const first = runCli(dir, args);
    const second = runCli(dir, args);
    return { expected: uncached(dir), first, second };
  }

  const cases: [string, (cache: string) => void][] = [
    [
      'a summary file truncated in the middle of a line',
      (cache) => {
        for (const f of cacheFiles(cache, 'result-')) fs.rmSync(f);
        const [summaries] = cacheFiles(cache, 'summaries-');
        const buf = fs.readFileSync(summaries);
        fs.writeFileSync(summaries, buf.subarray(0, Math.floor(buf.length * 0.6)));
      },
    ],
    [
      'a byte changed inside a cached summary (still valid JSON)',
      (cache) => {
        for (const f of cacheFiles(cache, 'result-')) fs.rmSync(f);
        const [summaries] = cacheFiles(cache, 'summaries-');
        // "emits":[{ … "line":3 → "line":4 in audit.ts's summary: JSON still parses, the content is wrong.
        const text = fs.readFileSync(summaries, 'utf8');
        const altered = text.replace(/("family":"[^"]+","api":"[^"]+","line":)(\d)/, (_, a, d) => a + ((Number(d) + 1) % 10));
        expect(altered).not.toBe(text);
        fs.writeFileSync(summaries, altered);
      },
    ],
    [
      'a torn journal line (an interrupted write), with lines appended after it',
      (cache) => {
        for (const f of cacheFiles(cache, 'result-')) fs.rmSync(f);
        const [summaries] = cacheFiles(cache, 'summaries-');
        const lines = fs.readFileSync(summaries, 'utf8').split('\n').filter(Boolean).slice(1);
        fs.writeFileSync(`${summaries}.journal`, `${lines[0].slice(0, 40)}${lines[1]}\n${lines[1].slice(0, 25)}`);
      },
    ],
    [
      'a garbage summary header',
      (cache) => {
        for (const f of cacheFiles(cache, 'result-')) fs.rmSync(f);
        const [summaries] = cacheFiles(cache, 'summaries-');
        fs.writeFileSync(summaries, '\u0000\u0001garbage\n[1,2]\tnot json\n');
      },
    ],
    [
      'a result file truncated',
      (cache) => {
        const [result] = cacheFiles(cache, 'result-');
        const buf = fs.readFileSync(result);
        fs.writeFileSync(result, buf.subarray(0, buf.length - 30));
      },
    ],
    [
      'a result file with one finding altered (still valid JSON)',
      (cache) => {
        const [result] = cacheFiles(cache, 'result-');
        const text = fs.readFileSync(result, 'utf8');
        const altered = text.replace('"line":5', '"line":6');
        expect(altered).not.toBe(text);
        fs.writeFileSync(result, altered);
      },
    ],
  ];

  for (const [name, damage] of cases) {
    it(`heals ${name}: the findings equal an uncached run's, and --verbose says so`, () => {
      const { expected, first, second } = afterDamage(damage);
      expect(first.code).toBe(1);
      expect(findingsOf(first.stdout)).toEqual(expected);
      expect(first.stderr).toMatch(/cache: .*damaged/);
      expect(first.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(findingsOf(second.stdout)).toEqual(expected);
      expect(second.stderr).not.toMatch(/damaged/);
    });
  }

  it('--cache-location naming a file is a one-line usage error', () => {
    const dir = tempProject({ ...files, 'not-a-folder': 'x' });
    expectOneLineError(runCli(dir, ['--cache-location', 'not-a-folder']), /--cache-location not-a-folder is a file, not a folder/);
  });
});

describe('a cache folder that cannot be made', () => {
  it('under a file: the run reports as without a cache, and nothing (code cache included) fails it', () => {
    const dir = tempProject({ 'a-file': 'x', 'src/app.ts': "import express from 'express';\nexpress().get('/a', (req, res) => res.json([]));\n" });
    const r = runCli(dir, ['--format', 'json', '--cache-location', 'a-file/cache']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['otel/http-handler']);
    expect(fs.readFileSync(path.join(dir, 'a-file'), 'utf8')).toBe('x');
  });
});
