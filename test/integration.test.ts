// End-to-end in temporary git repositories: changed-files mode (--staged, --changed-since,
// --changed-lines), baselines, inline suppressions and exit codes. Spawns the built binary
// (`npm run build` first).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { tempProject } from './helpers/project.js';
import { expectOneLineError, runCli } from './helpers/cli.js';
import type { RunResult } from '../src/types.js';

const REPORT_SCHEMA = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', 'schemas', 'report.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(REPORT_SCHEMA);

// Temporary folders must never be taken for part of an enclosing repository.
const GIT_ENV = { GIT_CEILING_DIRECTORIES: path.dirname(fs.realpathSync(os.tmpdir())), GIT_CONFIG_NOSYSTEM: '1', HOME: os.tmpdir() };

function run(cwd: string, args: string[]) {
  return runCli(cwd, ['--no-cache', ...args], GIT_ENV);
}

function json(cwd: string, args: string[]) {
  const r = run(cwd, [...args, '--format', 'json']);
  expect(r.stderr).not.toMatch(/internal error/);
  const report = JSON.parse(r.stdout) as RunResult;
  expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  return { ...r, report };
}

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...GIT_ENV },
  });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function repo(files: Record<string, string>): string {
  const dir = tempProject(files);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial');
  return dir;
}

function write(dir: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
}


const where = (r: RunResult) => r.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`);

const routes = (...paths: string[]) =>
  `import express from 'express';\nconst app = express();\n${paths.map((p) => `app.get('${p}', (req, res) => res.json([]));\n`).join('')}`;

const TRACED_SERVICE = `import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('orders');
export function listOrders(): Promise<unknown[]> {
  return tracer.startActiveSpan('orders.list', async (span) => {
    span.end();
    return [];
  });
}
`;

describe('--staged', () => {
  it('reports only findings in staged files; the analysis and coverage still cover the project', () => {
    const dir = repo({ 'src/a.ts': routes('/a'), 'src/b.ts': routes('/b') });
    write(dir, 'src/b.ts', routes('/b', '/b2'));
    git(dir, 'add', 'src/b.ts');
    write(dir, 'src/a.ts', routes('/a', '/a2')); // changed but not staged
    const { code, report } = json(dir, ['--staged']);
    expect(where(report)).toEqual(['src/b.ts:3 otel/http-handler', 'src/b.ts:4 otel/http-handler']);
    expect(report.summary.coverage['otel/http-handler'].targets).toBe(4);
    expect(code).toBe(1);
  });

  it('with nothing staged, reports nothing and exits 0', () => {
    const dir = repo({ 'src/a.ts': routes('/a') });
    const { code, report } = json(dir, ['--staged']);
    expect(report.findings).toEqual([]);
    expect(code).toBe(0);
  });

  it('sees files staged in a repository with no commit yet', () => {
    const dir = tempProject({ 'src/a.ts': routes('/a') });
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    expect(where(json(dir, ['--staged']).report)).toEqual(['src/a.ts:3 otel/http-handler']);
  });

  it('file arguments (lint-staged) narrow the report while the analysis covers the project', () => {
    const dir = repo({
      'src/orders.ts': TRACED_SERVICE,
      'src/routes.ts': routes('/health'),
    });
    const handler = `import express from 'express';
import { listOrders } from './orders';
const app = express();
app.get('/orders', async (req, res) => res.json(await listOrders()));
app.get('/raw', (req, res) => res.json([]));
`;
    write(dir, 'src/api.ts', handler);
    git(dir, 'add', 'src/api.ts');
    // What lint-staged runs: the staged files as arguments (absolute paths).
    const staged = json(dir, ['--staged', path.join(dir, 'src/api.ts')]);
    // /orders is instrumented through src/orders.ts, which was not passed: the analysis saw it.
    expect(where(staged.report)).toEqual(['src/api.ts:5 otel/http-handler']);
    // Without a changed-files flag, file arguments are what is analysed: the service is not seen.
    const alone = json(dir, ['src/api.ts']);
    expect(where(alone.report)).toEqual(['src/api.ts:4 otel/http-handler', 'src/api.ts:5 otel/http-handler']);
  });

  it('--changed-lines reports only findings whose lines changed', () => {
    const dir = repo({ 'src/a.ts': routes('/one', '/two', '/three') });
    write(dir, 'src/a.ts', routes('/one', '/two-renamed', '/three'));
    git(dir, 'add', '-A');
    expect(where(json(dir, ['--staged']).report)).toHaveLength(3);
    expect(where(json(dir, ['--staged', '--changed-lines']).report)).toEqual(['src/a.ts:4 otel/http-handler']);
  });

  it('--changed-lines reports a finding whose range contains the change', () => {
    const before = `import express from 'express';
const app = express();
app.get('/orders', (req, res) => {
  const rows = [];
  res.json(rows);
});
app.get('/other', (req, res) => res.json([]));
`;
    const dir = repo({ 'src/a.ts': before });
    write(dir, 'src/a.ts', before.replace('const rows = [];', 'const rows: string[] = [];'));
    git(dir, 'add', '-A');
    expect(where(json(dir, ['--staged', '--changed-lines']).report)).toEqual(['src/a.ts:3 otel/http-handler']);
  });
});

describe('--changed-since', () => {
  it('reports findings in files changed since the merge base: commits, uncommitted and untracked changes', () => {
    const dir = repo({ 'src/a.ts': routes('/a'), 'src/b.ts': routes('/b'), 'src/c.ts': routes('/c') });
    git(dir, 'checkout', '-q', '-b', 'feature');
    write(dir, 'src/b.ts', routes('/b', '/b2'));
    git(dir, 'commit', '-q', '-am', 'feature work');
    // main moves on after the branch point: its changes are not the feature's.
    git(dir, 'checkout', '-q', 'main');
    write(dir, 'src/a.ts', routes('/a', '/a-main'));
    git(dir, 'commit', '-q', '-am', 'main work');
    git(dir, 'checkout', '-q', 'feature');
    write(dir, 'src/c.ts', routes('/c', '/c2')); // uncommitted
    write(dir, 'src/d.ts', routes('/d')); // untracked
    const { report } = json(dir, ['--changed-since', 'main']);
    expect([...new Set(report.findings.map((f) => f.file))]).toEqual(['src/b.ts', 'src/c.ts', 'src/d.ts']);
    const lines = json(dir, ['--changed-since', 'main', '--changed-lines']).report;
    expect(where(lines)).toEqual(['src/b.ts:4 otel/http-handler', 'src/c.ts:4 otel/http-handler', 'src/d.ts:3 otel/http-handler']);
  });

  it('works from a sub-folder: paths are relative to the working directory', () => {
    const dir = repo({ 'pkg/src/a.ts': routes('/a'), 'pkg/src/b.ts': routes('/b') });
    write(dir, 'pkg/src/b.ts', routes('/b', '/b2'));
    const { report } = json(path.join(dir, 'pkg'), ['--changed-since', 'HEAD']);
    expect([...new Set(report.findings.map((f) => f.file))]).toEqual(['src/b.ts']);
  });

  it('an unknown ref is one line, exit 2', () => {
    const dir = repo({ 'src/a.ts': routes('/a') });
    expectOneLineError(run(dir, ['--changed-since', 'no-such-branch']), /unknown git ref "no-such-branch" in --changed-since/);
    expectOneLineError(run(dir, ['--changed-since=--output=x']), /invalid git ref "--output=x"/);
  });
});

describe('changed-files mode: shallow clones', () => {
  it('a ref missing from a shallow clone says how to fetch it', () => {
    const origin = repo({ 'src/a.ts': routes('/a') });
    write(origin, 'src/a.ts', routes('/a', '/b'));
    git(origin, 'commit', '-q', '-am', 'second');
    const clone = path.join(tempProject({}), 'clone');
    git(path.dirname(clone), 'clone', '-q', '--depth', '1', `file://${origin}`, clone);
    expectOneLineError(run(clone, ['--changed-since', 'HEAD~1']), /unknown git ref "HEAD~1".*this clone is shallow: .*fetch-depth: 0/);
  });
});

describe('changed-files mode: usage errors', () => {
  it('outside a git repository is one line, exit 2', () => {
    const dir = tempProject({ 'src/a.ts': routes('/a') });
    expectOneLineError(run(dir, ['--staged']), /--staged needs a git repository, and .* is not inside one/);
    expectOneLineError(run(dir, ['--changed-since', 'main']), /--changed-since needs a git repository/);
  });

  it('--changed-lines alone, --staged with --changed-since, --update-baseline with --staged', () => {
    const dir = repo({ 'src/a.ts': routes('/a') });
    expectOneLineError(run(dir, ['--changed-lines']), /--changed-lines needs --staged or --changed-since/);
    expectOneLineError(run(dir, ['--staged', '--changed-since', 'main']), /--staged and --changed-since cannot be combined/);
    expectOneLineError(run(dir, ['--staged', '--update-baseline']), /--update-baseline .* cannot be combined with --staged/);
  });
});

describe('baseline', () => {
  it('round trip: accepted findings stay accepted when lines are inserted above them; new ones are reported', () => {
    const dir = repo({ 'src/a.ts': routes('/a', '/b'), 'src/z.ts': routes('/z') });
    const update = run(dir, ['--update-baseline']);
    expect(update.code).toBe(0);
    expect(update.stderr).toMatch(/wrote 3 finding\(s\) to \.doctrines-baseline\.json/);
    const text = fs.readFileSync(path.join(dir, '.doctrines-baseline.json'), 'utf8');
    // Diff-friendly: one entry per line, sorted by file, rule and symbol, no line numbers.
    const entries = text.split('\n').filter((l) => l.includes('"fingerprint"'));
    expect(entries.map((l) => JSON.parse(l.trim().replace(/,$/, '')).symbol)).toEqual(['GET /a', 'GET /b', 'GET /z']);
    expect(text).not.toMatch(/"line"/);
    // Writing the same findings again gives the same bytes.
    run(dir, ['--update-baseline']);
    expect(fs.readFileSync(path.join(dir, '.doctrines-baseline.json'), 'utf8')).toBe(text);

    const clean = json(dir, ['--baseline']);
    expect(clean.code).toBe(0);
    expect(clean.report.findings).toEqual([]);
    expect(clean.report.summary.baselined).toBe(3);
    // The baseline also recorded the run's coverage: unchanged since.
    expect(clean.report.baseline).toEqual({ file: '.doctrines-baseline.json', entries: 3, fixed: 0, coverage: clean.report.summary.coverage });

    // Lines inserted above the baselined handlers, and one new handler.
    write(
      dir,
      'src/a.ts',
      `// A comment block added later.\n// It moves every line down.\n\n${routes('/a', '/b')}app.post('/new', (req, res) => res.json({}));\n`,
    );
    const after = json(dir, ['--baseline', '.doctrines-baseline.json']);
    expect(where(after.report)).toEqual(['src/a.ts:8 otel/http-handler']);
    expect(after.report.findings[0].target?.name).toBe('POST /new');
    expect(after.report.summary.baselined).toBe(3);
    expect(after.code).toBe(1);
  });

  it('reports baseline entries that no longer occur, so the file can shrink', () => {
    const dir = repo({ 'src/a.ts': routes('/a', '/b') });
    run(dir, ['--update-baseline', 'accepted.json']);
    write(dir, 'src/a.ts', routes('/a'));
    const human = run(dir, ['--baseline', 'accepted.json']);
    expect(human.code).toBe(0);
    expect(human.stderr).toMatch(/1 of 2 entries of accepted\.json no longer occur; run --update-baseline accepted\.json to drop them/);
    const handlers = (n: number) => expect.objectContaining({ 'otel/http-handler': { targets: n, instrumented: 0 } });
    expect(json(dir, ['--baseline', 'accepted.json']).report.baseline).toEqual({ file: 'accepted.json', entries: 2, fixed: 1, coverage: handlers(2) });
    run(dir, ['--update-baseline', 'accepted.json']);
    expect(json(dir, ['--baseline', 'accepted.json']).report.baseline).toEqual({ file: 'accepted.json', entries: 1, fixed: 0, coverage: handlers(1) });
  });

  it('--update-baseline exits 0 even when gates would fail', () => {
    const dir = repo({ 'src/a.ts': routes('/a') });
    expect(run(dir, ['--update-baseline', '--min-coverage', '100', '--max-warnings', '0']).code).toBe(0);
  });

  it('a missing or invalid baseline is one line, exit 2', () => {
    const dir = repo({ 'src/a.ts': routes('/a') });
    expectOneLineError(run(dir, ['--baseline']), /baseline file not found: \.doctrines-baseline\.json \(create it with --update-baseline/);
    write(dir, 'broken.json', '{ "findings": [');
    expectOneLineError(run(dir, ['--baseline', 'broken.json']), /invalid baseline broken\.json: not JSON/);
    write(dir, 'wrong.json', '{ "findings": [{ "rule": "x" }] }');
    expectOneLineError(run(dir, ['--baseline', 'wrong.json']), /invalid baseline wrong\.json: findings\[0\] has no "fingerprint"/);
    expectOneLineError(run(dir, ['--baseline', 'src']), /--baseline src: src is a folder; .* put paths before it or write --baseline=<file>/);
  });
});

describe('inline suppressions', () => {
  const SUPPRESSED = `import express from 'express';
const app = express();
// doctrines-disable-next-line otel/http-handler -- health check polled by the load balancer, no user traffic
app.get('/health', (req, res) => res.send('ok'));
`;

  it('with a reason: the finding is suppressed, counted, and carried with its reason', () => {
    const dir = tempProject({ 'src/a.ts': SUPPRESSED });
    const { code, report } = json(dir, []);
    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.summary.suppressed).toBe(1);
    expect(report.suppressedFindings?.map((f) => [f.ruleId, f.line, f.suppression])).toEqual([
      ['otel/http-handler', 4, { reason: 'health check polled by the load balancer, no user traffic', line: 3 }],
    ]);
    expect(run(dir, []).stdout).toMatch(/1 suppressed/);
  });

  it('without a reason: nothing is suppressed and the comment is an error', () => {
    const dir = tempProject({ 'src/a.ts': SUPPRESSED.replace(/ -- .*/, '') });
    const { code, report } = json(dir, []);
    expect(where(report)).toEqual(['src/a.ts:3 doctrines/suppression-reason', 'src/a.ts:4 otel/http-handler']);
    expect(report.summary.suppressed).toBe(0);
    expect(code).toBe(1);
  });

  it('an unused suppression is a warning; --no-inline-config ignores every comment', () => {
    const dir = tempProject({ 'src/a.ts': SUPPRESSED.replace("res.send('ok'));", "res.send('ok')); // doctrines-disable-line otel/http-handler -- twice") });
    const { code, report } = json(dir, []);
    expect(report.findings.map((f) => [f.ruleId, f.line, f.severity])).toEqual([['doctrines/unused-suppression', 4, 'warn']]);
    expect(code).toBe(0);
    const off = json(dir, ['--no-inline-config']);
    expect(where(off.report)).toEqual(['src/a.ts:4 otel/http-handler']);
    expect(off.report.summary.suppressed).toBe(0);
    expect(off.code).toBe(1);
  });

  it('a suppression for a rule that did not run is not reported as unused', () => {
    const dir = tempProject({ 'src/a.ts': SUPPRESSED });
    const { report } = json(dir, ['--rule', 'otel/http-handler=off']);
    expect(report.findings).toEqual([]);
  });

  it('suppressions apply before the baseline: a suppressed finding is not written to it', () => {
    const dir = repo({ 'src/a.ts': `${SUPPRESSED}app.get('/x', (req, res) => res.json([]));\n` });
    expect(run(dir, ['--update-baseline']).stderr).toMatch(/wrote 1 finding/);
  });
});

describe('exit codes with gates', () => {
  // One instrumented handler of two: 50% coverage.
  const files = {
    'src/a.ts': `import express from 'express';
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('x');
const app = express();
app.get('/traced', (req, res) => tracer.startActiveSpan('t', (span) => { res.json([]); span.end(); }));
app.get('/plain', (req, res) => res.json([]));
`,
  };

  it('--min-coverage fails a blocking run and never an advisory one', () => {
    const dir = tempProject(files);
    expect(run(dir, ['--rule', 'otel/http-handler=warn', '--min-coverage', '60']).code).toBe(1);
    const advisory = run(dir, ['--advisory', '--min-coverage', '60']);
    expect(advisory.code).toBe(0);
    expect(advisory.stderr).toMatch(/coverage 50\.0% is below --min-coverage 60%/);
    expect(run(dir, ['--advisory', '--min-coverage', '40']).code).toBe(0);
  });

  it('--max-warnings fails a blocking run and never an advisory one', () => {
    const dir = tempProject(files);
    expect(run(dir, ['--rule', 'otel/http-handler=warn', '--max-warnings', '0']).code).toBe(1);
    expect(run(dir, ['--advisory', '--max-warnings', '0']).code).toBe(0);
  });

  it('advisory with --staged exits 0 on staged errors', () => {
    const dir = repo({ 'src/a.ts': routes('/a') });
    write(dir, 'src/a.ts', routes('/a', '/b'));
    git(dir, 'add', '-A');
    const r = json(dir, ['--advisory', '--staged']);
    expect(r.report.findings.every((f) => f.severity === 'warn')).toBe(true);
    expect(r.report.findings.length).toBe(2);
    expect(r.code).toBe(0);
  });
});
