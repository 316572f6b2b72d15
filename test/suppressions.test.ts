// Unit tests of the pieces behind inline suppressions, baselines and changed-lines mode.
import { describe, expect, it } from 'vitest';
import { ts } from 'ts-morph';
import { collectDirectives, parseDirective } from '../src/analysis/directives.js';
import { formatBaseline } from '../src/engine/baseline.js';
import { isChanged, parseHunks } from '../src/engine/git.js';
import type { Finding } from '../src/types.js';
import { check } from '../src/engine/run.js';
import { tempProject } from './helpers/project.js';

const directives = (text: string, name = 'a.tsx') =>
  collectDirectives(ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true, name.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS)).map(
    (d) => [d.kind, d.rules.join(','), d.reason ?? null, d.span.line, d.appliesTo],
  );

describe('parseDirective', () => {
  it('reads kind, rules and reason', () => {
    expect(parseDirective('// doctrines-disable-next-line otel/http-handler, otel/actor -- health check')).toEqual({
      kind: 'next-line',
      rules: ['otel/http-handler', 'otel/actor'],
      reason: 'health check',
    });
    expect(parseDirective('/* doctrines-disable-line otel/a otel/b --- why not */')).toEqual({ kind: 'line', rules: ['otel/a', 'otel/b'], reason: 'why not' });
    expect(parseDirective('// doctrines-disable-line -- generated')).toEqual({ kind: 'line', rules: [], reason: 'generated' });
  });
  it('no separator, an empty reason or a single dash means no reason', () => {
    expect(parseDirective('// doctrines-disable-line otel/a')).toEqual({ kind: 'line', rules: ['otel/a'] });
    expect(parseDirective('// doctrines-disable-line otel/a --  ')).toEqual({ kind: 'line', rules: ['otel/a'] });
    expect(parseDirective('// doctrines-disable-line otel/a - x')?.reason).toBeUndefined();
  });
  it('keeps dashes inside a reason and rule ids with dashes', () => {
    expect(parseDirective('// doctrines-disable-line otel/http-handler -- a--b -- c')?.reason).toBe('a--b -- c');
  });
  it('is not a directive unless the comment starts with it', () => {
    expect(parseDirective('// see doctrines-disable-line in the README')).toBeUndefined();
    expect(parseDirective('// doctrines-disable-lines otel/a -- x')).toBeUndefined();
    expect(parseDirective('// doctrines-disable otel/a -- x')).toBeUndefined();
  });
});

describe('collectDirectives', () => {
  it('finds line, block, JSDoc and JSX comments; skips strings, templates and JSX text', () => {
    const text = [
      "const a = f(); // doctrines-disable-line otel/x -- one", // 1
      '/* doctrines-disable-next-line otel/y -- two */', // 2
      'g();', // 3
      '/**', // 4
      ' * doctrines-disable-next-line -- three', // 5
      ' */', // 6
      'export function h() {', // 7
      "  const s = '// doctrines-disable-line otel/x -- in a string';", // 8
      '  const t = `', // 9
      '// doctrines-disable-line otel/x -- in a template', // 10
      '`;', // 11
      '  return <div>', // 12
      '    {/* doctrines-disable-next-line otel/z -- four */}', // 13
      '    <p>doctrines-disable-line otel/x -- jsx text</p>', // 14
      '  </div>;', // 15
      '}', // 16
      '// doctrines-disable-line otel/x', // 17
    ].join('\n');
    expect(directives(text)).toEqual([
      ['line', 'otel/x', 'one', 1, 1],
      ['next-line', 'otel/y', 'two', 2, 3],
      ['next-line', '', 'three', 4, 7],
      ['next-line', 'otel/z', 'four', 13, 14],
      ['line', 'otel/x', null, 17, 17],
    ]);
  });
  it('a file without the marker yields nothing', () => {
    expect(directives('// eslint-disable-next-line no-console\nconsole.log(1);\n', 'a.ts')).toEqual([]);
  });
});

describe('parseHunks and isChanged', () => {
  const patch = [
    'diff --git a/src/a.ts b/src/a.ts',
    '--- a/src/a.ts',
    '+++ b/src/a.ts',
    '@@ -3 +3 @@ app.get',
    '-old',
    '+new',
    '@@ -10,2 +9,0 @@',
    '@@ -20,0 +21,3 @@',
    'diff --git a/src/new.ts b/src/new.ts',
    '--- /dev/null',
    '+++ b/src/new.ts',
    '@@ -0,0 +1,2 @@',
  ].join('\n');
  it('collects new-side lines; a deletion marks the lines around it', () => {
    const hunks = parseHunks(patch);
    expect([...hunks.get('src/a.ts')!].sort((a, b) => a - b)).toEqual([3, 9, 10, 21, 22, 23]);
    expect([...hunks.get('src/new.ts')!]).toEqual([1, 2]);
  });
  it('a finding is changed when its range contains a changed line', () => {
    const changed = new Map<string, Set<number> | 'all'>([['src/a.ts', new Set([5])], ['src/b.ts', 'all']]);
    expect(isChanged(changed, { file: 'src/a.ts', line: 3, endLine: 6 })).toBe(true);
    expect(isChanged(changed, { file: 'src/a.ts', line: 6, endLine: 8 })).toBe(false);
    expect(isChanged(changed, { file: 'src/b.ts', line: 100, endLine: 100 })).toBe(true);
    expect(isChanged(changed, { file: 'src/c.ts', line: 1, endLine: 1 })).toBe(false);
  });
});

describe('formatBaseline', () => {
  const finding = (file: string, ruleId: string, symbol: string, fingerprint: string): Finding => ({
    ruleId, pillar: 'otel', severity: 'error', message: `m ${symbol}`, file, line: 1, column: 1, endLine: 1, endColumn: 2, fingerprint, help: '', symbol,
  });
  it('sorts by file, rule and symbol, one entry per line, whatever the input order', () => {
    const list = [finding('b.ts', 'otel/a', 'x', '1'), finding('a.ts', 'otel/b', 'y', '2'), finding('a.ts', 'otel/a', 'z', '3')];
    const text = formatBaseline(list);
    expect(formatBaseline([...list].reverse())).toBe(text);
    const lines = text.split('\n').filter((l) => l.includes('fingerprint'));
    expect(lines.map((l) => JSON.parse(l.trim().replace(/,$/, '')).fingerprint)).toEqual(['3', '2', '1']);
    expect(JSON.parse(text).findings).toHaveLength(3);
    expect(JSON.parse(formatBaseline([])).findings).toEqual([]);
  });
});

describe('suppressions above a registration that spans lines', () => {
  const dir = tempProject({
    'src/app.ts': [
      "import express from 'express';", // 1
      'const app = express();', // 2
      '// doctrines-disable-next-line otel/http-handler -- polled by the load balancer', // 3
      'app.get(', // 4
      "  '/health',", // 5
      "  (_req, res) => res.send('ok'),", // 6
      ');', // 7
      '// doctrines-disable-next-line otel/http-handler -- only the next line', // 8
      'export function ping(_req: unknown, res: { send(s: string): void }) {', // 9
      "  res.send('pong');", // 10
      '}', // 11
      "app.get('/ping', ping);", // 12
      'app.get(', // 13
      "  '/orders',", // 14
      '  (_req, res) => res.json([]),', // 15
      ');', // 16
    ].join('\n'),
  });

  it('covers the target findings of the statement it stands above, not a function declaration below it', async () => {
    const result = await check({ cwd: dir, paths: [], ruleOverrides: [], advisory: false, cache: false });
    const at = (fs: { ruleId: string; line: number }[]) => fs.map((f) => `${f.ruleId}:${f.line}`).sort();
    // The handler two lines below `app.get(` is covered by the directive above the statement.
    expect(at(result.suppressedFindings ?? [])).toEqual(['otel/http-handler:6']);
    // A directive above a function declaration covers its first line only: unused here (the route that
    // uses `ping` is reported at line 12); the unannotated multi-line route is reported.
    expect(at(result.findings)).toEqual(['doctrines/unused-suppression:8', 'otel/http-handler:12', 'otel/http-handler:15']);
  });
});
