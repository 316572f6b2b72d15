// Deeply nested code is analysed, never dropped: files too deep for a thread's stack are analysed again on
// a thread with a large one, so findings do not depend on --concurrency; syntax past the nesting limit is a
// doctrines/analysis-error finding in every format (end to end through the CLI).
import { describe, expect, it } from 'vitest';
import { tempProject } from './helpers/project.js';
import { runCli } from './helpers/cli.js';

const route = (path: string) => `import express from 'express';\nconst app = express();\napp.get('${path}', (req, res) => res.send('ok'));\n`;

const DEEP = {
  // A 2,500-term string concatenation (generated SQL, i18n tables).
  'src/concat.ts': `${route('/concat')}export const sql = ${Array.from({ length: 2500 }, (_, i) => `'c${i}'`).join(' + ')};\n`,
  // A 5,000-deep else-if chain.
  'src/else-if.ts': `${route('/else-if')}export function pick(x: number) {\n${Array.from({ length: 5000 }, (_, i) => `if (x === ${i}) { return ${i}; }`).join(' else ')}\nreturn -1;\n}\n`,
  // A 5,000-deep JSX tree.
  'src/tree.tsx': `${route('/tree')}export const Tree = () => ${'<div>'.repeat(5000)}${'</div>'.repeat(5000)};\n`,
  // 1,000-deep arrays.
  'src/arrays.ts': `${route('/arrays')}export const nested = ${'['.repeat(1000)}${']'.repeat(1000)};\n`,
  // Past the limit: 20,001 terms.
  'src/bundle.ts': `${route('/bundle')}export const bundle = ${Array.from({ length: 20001 }, () => 'x').join(' + ')};\n`,
};

const findingsOf = (stdout: string) =>
  (JSON.parse(stdout).findings as { ruleId: string; file: string; line: number; message: string }[]).map((f) => `${f.file}:${f.line} ${f.ruleId}`).sort();

describe('deeply nested code', () => {
  const files: Record<string, string> = { 'package.json': '{"name":"deep","dependencies":{"express":"^5.0.0"}}', ...DEEP };
  // Enough files that --concurrency 2 starts a worker thread (400 files per worker).
  for (let i = 0; i < 820; i++) files[`src/filler/f${i}.ts`] = `export const v${i} = ${i};\n`;
  const dir = tempProject(files);

  it('is analysed: the routes in files nested 1,000–5,000 deep are found; past 20,000 levels the file is an analysis-error finding', () => {
    const r = runCli(dir, ['--format', 'json', '--no-cache']);
    expect(findingsOf(r.stdout)).toEqual([
      'src/arrays.ts:3 otel/http-handler',
      'src/bundle.ts:4 doctrines/analysis-error',
      'src/concat.ts:3 otel/http-handler',
      'src/else-if.ts:3 otel/http-handler',
      'src/tree.tsx:3 otel/http-handler',
    ]);
    const report = JSON.parse(r.stdout);
    expect(report.findings.find((f: { ruleId: string }) => f.ruleId === 'doctrines/analysis-error').message).toContain('syntax nested deeper than 20,000 levels');
    expect(report.summary.warnings).toBe(1);
    expect(report.summary.skipped).toEqual([]);
  });

  it('gives the same findings with one thread and with two, cold and warm', () => {
    const one = runCli(dir, ['--format', 'json', '--no-cache', '--concurrency', '1']);
    const two = runCli(dir, ['--format', 'json', '--no-cache', '--concurrency', '2']);
    expect(findingsOf(two.stdout)).toEqual(findingsOf(one.stdout));
    const cache = tempProject({});
    const cold = runCli(dir, ['--format', 'json', '--cache-location', cache]);
    const warm = runCli(dir, ['--format', 'json', '--cache-location', cache]);
    expect(findingsOf(cold.stdout)).toEqual(findingsOf(one.stdout));
    expect(findingsOf(warm.stdout)).toEqual(findingsOf(one.stdout));
    // Four runs over files nested 20,000 levels deep: about 15 s alone, over 50 s on a busy two-core machine.
  }, 180_000);

  it('reports the file that was not analysed in the human, github and sarif formats', () => {
    const dir = tempProject({ 'package.json': '{"name":"deep"}', 'src/bundle.ts': DEEP['src/bundle.ts'] });
    const human = runCli(dir, ['--no-cache', '--no-color']);
    expect(human.stdout).toMatch(/src\/bundle\.ts:4:\d+  warning  doctrines\/analysis-error\n  This file was not analysed: syntax nested deeper than 20,000 levels/);
    expect(human.stdout).not.toContain('no problems');
    const github = runCli(dir, ['--no-cache', '--format', 'github'], { GITHUB_STEP_SUMMARY: '' });
    expect(github.stdout).toMatch(/::warning file=src\/bundle\.ts,line=4[^\n]*::This file was not analysed/);
    const sarif = JSON.parse(runCli(dir, ['--no-cache', '--format', 'sarif']).stdout);
    const results = sarif.runs.flatMap((run: { results: { ruleId: string }[] }) => run.results);
    expect(results.some((res: { ruleId: string }) => res.ruleId === 'doctrines/analysis-error')).toBe(true);
  });
});
