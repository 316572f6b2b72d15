// End-to-end: spawn the built binary (npm test builds first) and assert exit codes, stderr and reports.
import { spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { tempProject } from './helpers/project.js';
import { BIN, expectOneLineError, runCli } from './helpers/cli.js';

const REPORT_SCHEMA = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', 'schemas', 'report.schema.json'), 'utf8'));

const run = runCli;

const UNINSTRUMENTED = `import express from 'express';
const app = express();
app.get('/orders', (req, res) => res.json([]));
`;
const INSTRUMENTED = `import express from 'express';
import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('x');
const app = express();
app.get('/orders', (req, res) => tracer.startActiveSpan('orders', (span) => { res.json([]); span.end(); }));
`;


describe('exit 2: the run could not be done', () => {
  const dir = tempProject({ 'src/app.ts': UNINSTRUMENTED });

  it('unknown flag', () => expectOneLineError(run(dir, ['--frobnicate']), /unknown option '--frobnicate'/));
  it('unknown pillar lists the known ones', () => expectOneLineError(run(dir, ['--pillar', 'nope']), /unknown pillar "nope" \(known: otel\)/));
  it('unknown rule in --rule lists the known ones', () =>
    expectOneLineError(run(dir, ['--rule', 'otel/nope=warn']), /unknown rule "otel\/nope" in --rule \(known: .*otel\/http-handler/));
  it('malformed --rule', () => expectOneLineError(run(dir, ['--rule', 'otel/http-handler=loud']), /expected <rule-id>=<off\|warn\|error>/));
  it('path that does not exist', () => expectOneLineError(run(dir, ['src/missing']), /path not found: src\/missing/));
  it('no files matched', () => {
    const empty = tempProject({ 'README.md': '# nothing here\n' });
    expectOneLineError(run(empty, []), /no files matched/);
  });
  it('unknown format', () => expectOneLineError(run(dir, ['--format', 'xml']), /unknown format "xml" in --format \(known: human, json/));
  it('bad --max-warnings', () => expectOneLineError(run(dir, ['--max-warnings', 'many']), /--max-warnings must be a whole number/));
  it('bad --min-coverage', () => expectOneLineError(run(dir, ['--min-coverage', '150']), /--min-coverage must be a percentage/));
  it('unknown explain rule', () => expectOneLineError(run(dir, ['explain', 'otel/nope']), /unknown rule "otel\/nope"/));

  it('invalid config: unknown key names the key and the file', () => {
    const p = tempProject({ 'package.json': '{"name":"x"}', '.doctrinesrc.json': '{"rulez": {}}', 'a.ts': UNINSTRUMENTED });
    const r = run(p, []);
    expectOneLineError(r, /rulez/);
    expect(r.stderr).toContain('.doctrinesrc.json');
  });
  it('invalid config: wrong type names the key and the file', () => {
    const p = tempProject({ 'package.json': '{"name":"x","doctrines":{"callDepth":"three"}}', 'a.ts': UNINSTRUMENTED });
    const r = run(p, []);
    expectOneLineError(r, /callDepth/);
    expect(r.stderr).toContain('package.json');
  });
  it('invalid config: unknown rule in config', () => {
    const p = tempProject({ 'package.json': '{"name":"x"}', '.doctrinesrc.json': '{"rules":{"otel/nope":"warn"}}', 'a.ts': UNINSTRUMENTED });
    expectOneLineError(run(p, []), /otel\/nope/);
  });
  it('invalid config: unknown pillar in config', () => {
    const p = tempProject({ 'package.json': '{"name":"x"}', '.doctrinesrc.json': '{"pillars":["perf"]}', 'a.ts': UNINSTRUMENTED });
    expectOneLineError(run(p, []), /perf/);
  });
  it('explicit --config that does not exist', () => expectOneLineError(run(dir, ['--config', 'nope.json']), /nope\.json/));
  it('config that does not parse', () => {
    const p = tempProject({ 'package.json': '{"name":"x"}', '.doctrinesrc.json': '{"rules": ', 'a.ts': UNINSTRUMENTED });
    expectOneLineError(run(p, []), /\.doctrinesrc\.json/);
  });
  it('--output-file into a folder that does not exist: error, nothing written', () => {
    const r = run(dir, ['--format', 'json', '--output-file', 'no/such/dir/report.json']);
    expectOneLineError(r, /cannot write/);
    expect(fs.existsSync(path.join(dir, 'no'))).toBe(false);
  });
});

describe('exit 2: internal crash', () => {
  const dir = tempProject({ 'src/app.ts': UNINSTRUMENTED });
  const crash = path.resolve(__dirname, 'helpers', 'crash.cjs');
  it('one line naming the error, no stack trace', () => {
    const r = run(dir, ['--no-cache'], { NODE_OPTIONS: `--require ${crash}` });
    expectOneLineError(r, /internal error: simulated internal failure \(run with --verbose for details\)/);
  });
  it('--verbose adds the stack trace', () => {
    const r = run(dir, ['--no-cache', '--verbose'], { NODE_OPTIONS: `--require ${crash}` });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^check-doctrines: internal error: simulated internal failure\n/);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});

describe('exit 0 / 1', () => {
  it('exit 1 on an error finding, with the human report and coverage table', () => {
    const dir = tempProject({ 'src/app.ts': UNINSTRUMENTED });
    const r = run(dir, []);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('src/app.ts');
    expect(r.stdout).toMatch(/^src\/app\.ts:3:\d+  error  otel\/http-handler\n  GET \/orders handler \(express\) emits no telemetry\n/m);
    expect(r.stdout).toContain('otel/http-handler');
    expect(r.stdout).toMatch(/coverage/);
    expect(r.stderr).toBe('');
  });
  it('exit 0 when every handler is instrumented', () => {
    const dir = tempProject({ 'src/app.ts': INSTRUMENTED });
    const r = run(dir, []);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no problems/);
  });
  it('--advisory reports warnings and exits 0', () => {
    const dir = tempProject({ 'src/app.ts': UNINSTRUMENTED });
    const r = run(dir, ['--advisory', '--format', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.mode).toBe('advisory');
    expect(json.findings.map((f: { severity: string }) => f.severity)).toEqual(['warn']);
  });
  it('--rule downgrades to warn; --max-warnings 0 then fails', () => {
    const dir = tempProject({ 'src/app.ts': UNINSTRUMENTED });
    expect(run(dir, ['--rule', 'otel/http-handler=warn']).code).toBe(0);
    const r = run(dir, ['--rule', 'otel/http-handler=warn', '--max-warnings', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/1 warnings exceed --max-warnings 0/);
  });
  it('--min-coverage gates on instrumentation coverage', () => {
    const dir = tempProject({ 'src/a.ts': UNINSTRUMENTED, 'src/b.ts': INSTRUMENTED });
    expect(run(dir, ['--rule', 'otel/http-handler=warn', '--min-coverage', '50']).code).toBe(0);
    const r = run(dir, ['--rule', 'otel/http-handler=warn', '--min-coverage', '60']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/coverage 50\.0% is below --min-coverage 60%/);
  });
  it('a file that does not parse is a warning finding, not fatal', () => {
    const dir = tempProject({ 'src/a.ts': INSTRUMENTED, 'src/broken.ts': 'export function ( {\n' });
    const r = run(dir, ['--format', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.findings.map((f: { ruleId: string; file: string }) => `${f.ruleId} ${f.file}`)).toEqual(['doctrines/parse-error src/broken.ts']);
  });
  it('files with glob characters in their names are analysed', () => {
    const dir = tempProject({ 'app/[id]/(group)/@slot/route.ts': UNINSTRUMENTED });
    const r = run(dir, ['--format', 'json']);
    expect(JSON.parse(r.stdout).findings[0].file).toBe('app/[id]/(group)/@slot/route.ts');
  });
});

describe('reports', () => {
  it('JSON validates against the shipped schema, with --explain targets', () => {
    const dir = tempProject({ 'src/a.ts': UNINSTRUMENTED, 'src/b.ts': INSTRUMENTED });
    const r = run(dir, ['--format', 'json', '--explain']);
    const json = JSON.parse(r.stdout);
    const ajv = new Ajv({ allErrors: true });
    const valid = ajv.validate(REPORT_SCHEMA, json);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(json.summary.coverage['otel/http-handler']).toEqual({ targets: 2, instrumented: 1 });
    expect(json.targets).toHaveLength(2);
  });
  it('--format f=path writes several reports in one run; stdout keeps the human one', () => {
    const dir = tempProject({ 'src/a.ts': UNINSTRUMENTED });
    const r = run(dir, ['--format', 'human', '--format', 'json=report.json']);
    expect(r.stdout).toContain('GET /orders');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')).findings).toHaveLength(1);
  });
  it('colour: off with NO_COLOR even when forced by FORCE_COLOR; on with FORCE_COLOR', () => {
    const dir = tempProject({ 'src/a.ts': UNINSTRUMENTED });
    expect(run(dir, [], { NO_COLOR: '1', FORCE_COLOR: '1' }).stdout).not.toMatch(/\x1b\[/);
    expect(run(dir, [], { FORCE_COLOR: '1' }).stdout).toMatch(/\x1b\[/);
    expect(run(dir, ['--no-color'], { FORCE_COLOR: '1' }).stdout).not.toMatch(/\x1b\[/);
  });
  it('rules and explain sub-commands', () => {
    const dir = tempProject({ 'a.ts': '' });
    const rules = run(dir, ['rules']);
    expect(rules.code).toBe(0);
    expect(rules.stdout).toMatch(/otel\/http-handler\s+error/);
    const explain = run(dir, ['explain', 'otel/http-handler']);
    expect(explain.code).toBe(0);
    expect(explain.stdout).toMatch(/^# otel\/http-handler/);
    expect(explain.stdout).toContain('```ts bad');
  });
});

describe('the bundled example', () => {
  const root = path.resolve(__dirname, '..');
  it('JSON validates against the shipped schema; --explain shows a chain through a helper in another file', () => {
    const r = run(root, ['examples/orders-service', '--format', 'json', '--explain', '--no-cache']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    const ajv = new Ajv({ allErrors: true });
    ajv.validate(REPORT_SCHEMA, json);
    expect(ajv.errors ?? []).toEqual([]);
    const rules = json.findings.map((f: { ruleId: string }) => f.ruleId);
    for (const id of ['otel/http-handler', 'otel/outbound-call', 'otel/span-lifecycle', 'otel/structured-logging']) expect(rules).toContain(id);
    const getUser = json.targets.find((t: { name: string }) => t.name === 'GET /users/:id');
    expect(getUser.instrumented).toBe(true);
    expect(getUser.evidence.map((e: { kind: string; file: string }) => `${e.kind} ${e.file}`)).toEqual([
      'call examples/orders-service/src/routes/users.ts',
      'emission examples/orders-service/src/lib/telemetry.ts',
    ]);
  });
  it('the human report shows findings and the coverage table', () => {
    const r = run(root, ['examples/orders-service', '--no-cache']);
    expect(r.stdout).toMatch(/examples\/orders-service\/src\/routes\/orders\.ts:19:29  error  otel\/http-handler\n  DELETE \/orders\/:id handler/);
    expect(r.stdout).toMatch(/otel\/http-handler\s+6\s+3\s+50\.0%/);
  });
});

describe('a reader that closes the pipe early (`| head`)', () => {
  const dir = tempProject({ 'src/app.ts': UNINSTRUMENTED });

  it('stops quietly with the run\'s verdict: no EPIPE stack trace', async () => {
    const child = spawn(process.execPath, [BIN, '.', '--format', 'json'], { cwd: dir, env: { ...process.env, CI: 'true' } });
    // The read end is closed before the report is written, as `head` does once it has its lines.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).toBe('');
    expect(code).toBe(1);
  });
});

describe('paths for code hosts', () => {
  it('names files from the repository root in github, sarif, gitlab and markdown when run from a package folder; human and json keep them relative to the working directory', () => {
    const repo = tempProject({ 'packages/api/package.json': '{"name":"api"}', 'packages/api/src/app.ts': UNINSTRUMENTED });
    fs.mkdirSync(path.join(repo, '.git'));
    const cwd = path.join(repo, 'packages', 'api');
    const github = run(cwd, ['--format', 'github']);
    expect(github.stdout).toMatch(/^::error file=packages\/api\/src\/app\.ts,line=3,/m);
    const sarif = JSON.parse(run(cwd, ['--format', 'sarif']).stdout);
    const run0 = sarif.runs.find((r: { results: unknown[] }) => r.results.length);
    expect(run0.results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'packages/api/src/app.ts', uriBaseId: '%SRCROOT%' });
    expect(run0.originalUriBaseIds['%SRCROOT%'].uri).toBe(`${pathToFileURL(repo).href}/`);
    const gitlab = JSON.parse(run(cwd, ['--format', 'gitlab']).stdout);
    expect(gitlab[0].location.path).toBe('packages/api/src/app.ts');
    expect(run(cwd, ['--format', 'markdown']).stdout).toContain('`packages/api/src/app.ts:3`');
    // In GitHub Actions the location links to the line at the analysed commit; GitLab CI likewise.
    const env = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/shop', GITHUB_SHA: 'abc123' };
    expect(runCli(cwd, ['--format', 'markdown'], env).stdout).toContain('[`packages/api/src/app.ts:3`](https://github.com/acme/shop/blob/abc123/packages/api/src/app.ts#L3)');
    const gitlab2 = runCli(cwd, ['--format', 'markdown'], { CI_PROJECT_URL: 'https://gitlab.com/acme/shop', CI_COMMIT_SHA: 'def456' });
    expect(gitlab2.stdout).toContain('](https://gitlab.com/acme/shop/-/blob/def456/packages/api/src/app.ts#L3)');
    expect(run(cwd, ['--format', 'human', '--no-color']).stdout).toMatch(/^src\/app\.ts:3:\d+  error/m);
    expect(JSON.parse(run(cwd, ['--format', 'json']).stdout).findings[0].file).toBe('src/app.ts');
  });

  it('keeps paths from the working directory outside a git work tree, and SARIF without originalUriBaseIds', () => {
    const dir = tempProject({ 'package.json': '{"name":"api"}', 'src/app.ts': UNINSTRUMENTED });
    expect(run(dir, ['--format', 'github']).stdout).toMatch(/^::error file=src\/app\.ts,/m);
    const sarif = JSON.parse(run(dir, ['--format', 'sarif']).stdout);
    expect(sarif.runs.every((r: Record<string, unknown>) => !('originalUriBaseIds' in r))).toBe(true);
  });
});

describe('CLI conventions', () => {
  it('top-level --help lists every analysis option and the other commands', () => {
    const r = run(process.cwd(), ['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: check-doctrines \[paths\.\.\.\] \[options\]/);
    for (const flag of ['--pillar', '--format', '--staged', '--baseline', '--explain', '--ignore-pattern', '--print-config', '--version']) expect(r.stdout).toContain(flag);
    expect(r.stdout).toMatch(/^ {2}explain <rule-id> +print a rule's documentation/m);
  });

  it('expands globs given as arguments (quoted past the shell), leaving out what the built-in ignores skip', () => {
    const dir = tempProject({ 'src/app.ts': UNINSTRUMENTED, 'src/admin/users.ts': UNINSTRUMENTED, 'src/app.test.ts': UNINSTRUMENTED, 'lib/other.ts': UNINSTRUMENTED });
    const r = run(dir, ['src/**/*.ts', '--format', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.summary.files).toBe(2);
    expect([...new Set(report.findings.map((f: { file: string }) => f.file))].sort()).toEqual(['src/admin/users.ts', 'src/app.ts']);
    expectOneLineError(run(dir, ['src/**/*.vue']), /no files match src\/\*\*\/\*\.vue$/);
    expectOneLineError(run(dir, ['src/*.test.ts']), /no files match src\/\*\.test\.ts \(1 matched, all skipped by the built-in ignores\)/);
  });

  it('--ignore-pattern excludes more files, repeatable, and --print-config shows the configuration a file gets', () => {
    const dir = tempProject({
      '.doctrinesrc.json': JSON.stringify({ rules: { 'otel/structured-logging': 'off' } }),
      'src/app.ts': UNINSTRUMENTED,
      'src/legacy/old.ts': UNINSTRUMENTED,
      'scripts/seed.ts': UNINSTRUMENTED,
    });
    const files = (args: string[]) => JSON.parse(run(dir, ['--format', 'json', ...args]).stdout).findings.map((f: { file: string }) => f.file).sort();
    expect(files([])).toEqual(['scripts/seed.ts', 'src/app.ts', 'src/legacy/old.ts']);
    expect(files(['--ignore-pattern', 'src/legacy/**', '--ignore-pattern', 'scripts'])).toEqual(['src/app.ts']);

    const shown = run(dir, ['--print-config', 'src/legacy/old.ts', '--ignore-pattern', 'src/legacy/**']);
    expect(shown.code).toBe(0);
    const cfg = JSON.parse(shown.stdout);
    expect(cfg).toMatchObject({ file: 'src/legacy/old.ts', analysed: false, skippedBecause: 'ignored', configFile: '.doctrinesrc.json', pillars: ['otel'], exclude: ['src/legacy/**'] });
    expect(cfg.rules['otel/http-handler'][0]).toBe('error');
    expect(cfg.rules['otel/structured-logging']).toBeUndefined();
    expect(JSON.parse(run(dir, ['--print-config', 'src/app.ts']).stdout).analysed).toBe(true);
    expectOneLineError(run(dir, ['--print-config', 'src/missing.ts']), /--print-config src\/missing\.ts: no such file/);
  });

  it('vendor presets count their APIs: with check-doctrines/sentry a handler that captures an exception is instrumented', () => {
    const handlers = `import * as Sentry from '@sentry/node';
import { captureMessage } from '@sentry/node';
import express from 'express';
const app = express();
app.get('/charge', (req, res) => { try { res.json([]); } catch (err) { Sentry.captureException(err); } });
app.get('/refund', (req, res) => { captureMessage('refund requested'); res.json([]); });
app.get('/health', (req, res) => res.json([]));
`;
    const targets = (dir: string) => Object.fromEntries(JSON.parse(run(dir, ['--format', 'json', '--explain']).stdout).targets.map((t: { name: string; instrumented: boolean }) => [t.name, t.instrumented]));
    const without = tempProject({ 'src/app.ts': handlers });
    expect(targets(without)).toEqual({ 'GET /charge': false, 'GET /refund': false, 'GET /health': false });
    const withPreset = tempProject({ 'src/app.ts': handlers, '.doctrinesrc.json': '// Sentry reports count\n{ "extends": ["check-doctrines/sentry"] }\n' });
    expect(targets(withPreset)).toEqual({ 'GET /charge': true, 'GET /refund': true, 'GET /health': false });
    const shown = JSON.parse(run(withPreset, ['--print-config', 'src/app.ts']).stdout);
    expect(shown.extends).toHaveLength(1);
    expect(shown.extends[0]).toMatch(/presets\/sentry\.json$/);
  });

  it('with check-doctrines/datadog, a tracer or DogStatsD client the code gets from elsewhere (a global, an injection) counts', () => {
    const handlers = `import express from 'express';
declare const tracer: { trace<T>(name: string, fn: () => T): T };
export function routes(dogstatsd: { increment(name: string): void }) {
  const app = express();
  app.get('/charge', (req, res) => tracer.trace('charge', () => res.json([])));
  app.get('/refund', (req, res) => { dogstatsd.increment('refunds'); res.json([]); });
  app.get('/health', (req, res) => res.json([]));
  return app;
}
`;
    const targets = (dir: string) => Object.fromEntries(JSON.parse(run(dir, ['--format', 'json', '--explain']).stdout).targets.map((t: { name: string; instrumented: boolean }) => [t.name, t.instrumented]));
    expect(targets(tempProject({ 'src/app.ts': handlers }))).toEqual({ 'GET /charge': false, 'GET /refund': false, 'GET /health': false });
    const withPreset = tempProject({ 'src/app.ts': handlers, 'package.json': JSON.stringify({ name: 'x', doctrines: { extends: 'check-doctrines/datadog' } }) });
    expect(targets(withPreset)).toEqual({ 'GET /charge': true, 'GET /refund': true, 'GET /health': false });
  });
});

describe('--debug', () => {
  it('says which config and cache were used, what the cache answered, and times each phase and rule, on stderr only', () => {
    const dir = tempProject({
      '.doctrinesrc.json': JSON.stringify({ extends: 'check-doctrines/recommended' }),
      'src/app.ts': UNINSTRUMENTED,
      'src/log.ts': 'export const f = (id: string) => console.log(`user ${id}`);\n',
    });
    const cache = path.join(dir, '.cache-here');
    // Files older than the cache's two-second window of untrusted mtimes, so the second run is an exact hit.
    const past = new Date(Date.now() - 60_000);
    for (const f of ['.doctrinesrc.json', 'src/app.ts', 'src/log.ts']) fs.utimesSync(path.join(dir, f), past, past);
    const plain = run(dir, ['--format', 'json', '--no-cache']);
    const first = run(dir, ['--format', 'json', '--debug', '--cache-location', cache]);
    const report = (r: { stdout: string }) => {
      const j = JSON.parse(r.stdout);
      delete j.summary.durationMs;
      return j;
    };
    expect(report(first)).toEqual(report(plain));
    expect(plain.stderr).toBe('');
    const lines = first.stderr.split('\n');
    expect(lines.every((l) => l === '' || l.startsWith('debug: '))).toBe(true);
    expect(first.stderr).toMatch(/^debug: config +.*presets\/recommended\.json \+ \.doctrinesrc\.json$/m);
    expect(first.stderr).toMatch(/^debug: cache +\.cache-here: miss/m);
    expect(first.stderr).toMatch(/^debug: summaries +0 of 2 files from the cache, 2 analysed$/m);
    for (const phase of ['config', 'discover', 'files', '  parse', '  walk', 'judge', 'report', 'total']) {
      expect(first.stderr).toMatch(new RegExp(`^debug: ${phase} +\\d+(\\.\\d)?\\b`, 'm'));
    }
    // Each active rule has a row: walk and judge times, targets judged.
    expect(first.stderr).toMatch(/^debug: otel\/http-handler +\d+\.\d +\d+\.\d +1$/m);
    expect(first.stderr).toMatch(/^debug: otel\/structured-logging +\d+\.\d +0\.0 +0$/m);

    const second = run(dir, ['--format', 'json', '--debug', '--cache-location', cache]);
    expect(second.stderr).toMatch(/^debug: cache +\.cache-here: hit, the whole analysis reused$/m);
    fs.appendFileSync(path.join(dir, 'src/log.ts'), '// touched\n');
    const third = run(dir, ['--format', 'json', '--debug', '--cache-location', cache]);
    expect(third.stderr).toMatch(/^debug: cache +\.cache-here: the last analysis, updated for the files changed since$/m);
    expect(third.stderr).toMatch(/^debug: summaries +1 of 2 files from the cache, 1 analysed$/m);
    expect(report(third)).toEqual(report(plain));
  });
});

describe('--stdin', () => {
  const ROUTES = `import { Router } from 'express';
export const orders = Router();
orders.get('/:id', (req, res) => res.json({}));
`;
  const APP = `import express from 'express';
import { trace } from '@opentelemetry/api';
import { orders } from './routes';
const tracer = trace.getTracer('x');
const app = express();
app.get('/health', (req, res) => res.json({}));
app.use('/orders', orders);
`;
  const COVERED_APP = APP.replace("app.use('/orders', orders);", "app.use((req, res, next) => tracer.startActiveSpan('req', (span) => { next(); span.end(); }));\napp.use('/orders', orders);");

  it('analyses the text as the named file of the project, reports only that file, and shows the text in code frames', () => {
    const dir = tempProject({ 'src/app.ts': APP, 'src/routes.ts': ROUTES });
    const edited = `${ROUTES}orders.post('/', (req, res) => { console.log(\`creating \${req.body.id}\`); res.json({}); });\n`;
    const r = run(dir, ['--stdin', '--stdin-filename', 'src/routes.ts', '--format', 'json', '--explain'], {}, edited);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(new Set(report.findings.map((f: { file: string }) => f.file))).toEqual(new Set(['src/routes.ts']));
    // The route is named with the mount in the file on disk: the text is judged with the project around it.
    expect(report.findings.map((f: { ruleId: string; target?: { name: string } }) => `${f.ruleId} ${f.target?.name ?? ''}`.trim()).sort()).toEqual([
      'otel/http-handler GET /orders/:id',
      'otel/http-handler POST /orders',
      'otel/structured-logging',
    ]);
    const human = run(dir, ['--stdin', '--stdin-filename', 'src/routes.ts'], {}, edited);
    expect(human.stdout).toContain("orders.post('/', (req, res) => { console.log(`creating ${req.body.id}`)");
    // The file on disk is untouched, and the cache was not fed the text.
    expect(fs.readFileSync(path.join(dir, 'src/routes.ts'), 'utf8')).toBe(ROUTES);
    expect(JSON.parse(run(dir, ['--format', 'json']).stdout).findings.filter((f: { file: string }) => f.file === 'src/routes.ts')).toHaveLength(1);
  });

  it('middleware of another file covers the text; a file not written yet is analysed too', () => {
    const dir = tempProject({ 'src/app.ts': COVERED_APP, 'src/routes.ts': ROUTES });
    const r = run(dir, ['--stdin', '--stdin-filename', 'src/routes.ts', '--format', 'json'], {}, ROUTES);
    expect(JSON.parse(r.stdout).findings).toEqual([]);
    const fresh = run(dir, ['--stdin', '--stdin-filename', 'src/new.ts', '--format', 'json'], {}, "import express from 'express';\nexpress().get('/x', (req, res) => res.json({}));\n");
    expect(JSON.parse(fresh.stdout).findings.map((f: { file: string; ruleId: string }) => `${f.file} ${f.ruleId}`)).toEqual(['src/new.ts otel/http-handler']);
    expect(fs.existsSync(path.join(dir, 'src/new.ts'))).toBe(false);
  });

  it('a text for an ignored file reports nothing and says why; without a filename the text is analysed alone', () => {
    const dir = tempProject({ '.doctrinesrc.json': JSON.stringify({ exclude: ['src/legacy/**'] }), 'src/app.ts': APP, 'src/routes.ts': ROUTES, 'src/legacy/old.ts': ROUTES });
    const ignored = run(dir, ['--stdin', '--stdin-filename', 'src/legacy/old.ts', '--format', 'json'], {}, ROUTES);
    expect(ignored.code).toBe(0);
    expect(JSON.parse(ignored.stdout).findings).toEqual([]);
    expect(ignored.stderr).toMatch(/^check-doctrines: src\/legacy\/old\.ts is not analysed \(ignored by the config/);
    const alone = run(dir, ['--stdin', '--format', 'json'], {}, ROUTES);
    const report = JSON.parse(alone.stdout);
    expect(report.summary.files).toBe(1);
    // Alone, the router is not mounted anywhere: its route keeps its own path.
    expect(report.findings.map((f: { file: string; target?: { name: string } }) => `${f.file} ${f.target?.name}`)).toEqual(['<stdin>.ts GET /:id']);
  });

  it('usage errors', () => {
    const dir = tempProject({ 'src/app.ts': APP });
    expectOneLineError(run(dir, ['--stdin-filename', 'src/app.ts']), /--stdin-filename names the text read with --stdin: add --stdin/);
    expectOneLineError(run(dir, ['--stdin', '--staged'], {}, ''), /--stdin analyses one text and cannot be combined with --staged/);
    expectOneLineError(run(dir, ['--stdin', '--stdin-filename', 'README.md'], {}, '# x'), /--stdin-filename README\.md: not an analysed file type/);
  });
});


describe('documentation links', () => {
  it('ruleDocsUrl: the rule file at the release tag on GitHub and GitLab, <homepage>/rules/<id> elsewhere, nothing without a homepage', async () => {
    const { ruleDocsUrl } = await import('../src/engine/package.js');
    expect(ruleDocsUrl('otel/actor', 'https://github.com/acme/check-doctrines#readme', '1.2.0')).toBe('https://github.com/acme/check-doctrines/blob/v1.2.0/rules/otel/actor.md');
    expect(ruleDocsUrl('otel/actor', 'https://gitlab.com/acme/check-doctrines/', '1.2.0')).toBe('https://gitlab.com/acme/check-doctrines/-/blob/v1.2.0/rules/otel/actor.md');
    expect(ruleDocsUrl('otel/actor', 'https://doctrines.dev/docs/', '1.2.0')).toBe('https://doctrines.dev/docs/rules/otel/actor');
    expect(ruleDocsUrl('otel/actor', undefined, '1.2.0')).toBeUndefined();
    expect(ruleDocsUrl('otel/actor', 'not a url', '1.2.0')).toBeUndefined();
  });

  it('with a homepage in package.json, JSON findings carry docsUrl, SARIF rules helpUri and the markdown summary links rules; without one, none', () => {
    const root = path.resolve(__dirname, '..');
    const copy = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'doctrines-homepage-'));
    try {
      for (const d of ['bin', 'dist', 'lib', 'rules', 'schemas', 'presets']) fs.cpSync(path.join(root, d), path.join(copy, d), { recursive: true });
      fs.symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'));
      const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
      fs.writeFileSync(path.join(copy, 'package.json'), JSON.stringify({ ...pkg, homepage: 'https://github.com/acme/check-doctrines#readme' }));
      const dir = tempProject({ 'src/app.ts': UNINSTRUMENTED });
      const viaCopy = (args: string[]) => spawnSync(process.execPath, [path.join(copy, 'bin', 'check-doctrines.js'), ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
      const url = `https://github.com/acme/check-doctrines/blob/v${pkg.version}/rules/otel/http-handler.md`;
      const json = JSON.parse(viaCopy(['--format', 'json', '--no-cache']).stdout);
      expect(json.findings.map((f: { docsUrl?: string }) => f.docsUrl)).toEqual([url]);
      const sarif = JSON.parse(viaCopy(['--format', 'sarif', '--no-cache']).stdout);
      expect(sarif.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'otel/http-handler').helpUri).toBe(url);
      expect(sarif.runs[0].tool.driver.informationUri).toBe('https://github.com/acme/check-doctrines#readme');
      expect(viaCopy(['--format', 'markdown', '--no-cache']).stdout).toContain(`[\`otel/http-handler\`](${url})`);
      // This checkout's package.json names no homepage: no links.
      expect(JSON.parse(run(dir, ['--format', 'json', '--no-cache']).stdout).findings[0].docsUrl).toBeUndefined();
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});
