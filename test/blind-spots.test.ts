// A run never reads as "all clear" about code it did not look at: frameworks an analysed package depends on
// that no adapter recognises, or whose entry points were not found, and runs that found no target at all,
// are named in the human, JSON and markdown reports (end to end through the CLI).
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { tempProject } from './helpers/project.js';
import { runCli } from './helpers/cli.js';
import { check } from '../src/engine/run.js';

const REPORT_SCHEMA = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', 'schemas', 'report.schema.json'), 'utf8'));

const ROUTE = `import express from 'express';
const app = express();
app.get('/orders', (req, res) => res.json([]));
`;

describe('frameworks the run did not check', () => {
  const dir = tempProject({
    // A workspace root listing its packages' dependencies, with a script of its own: not "none found".
    'package.json': '{"name":"monorepo","private":true,"workspaces":["packages/*"],"dependencies":{"express":"^5.0.0"}}',
    'scripts/seed.ts': 'export const seed = 1;\n',
    // restify: no adapter; express: adapter, but no route in this package; ws: also a client, never reported missing.
    'packages/legacy/package.json': JSON.stringify({ name: '@acme/legacy', dependencies: { restify: '^11.0.0', express: '^5.0.0', ws: '^8.0.0' } }),
    'packages/legacy/src/server.ts': `import restify from 'restify';\nconst server = restify.createServer();\nserver.get('/orders', (req, res, next) => { res.send([]); next(); });\n`,
    // express with a route: recognised, not reported.
    'packages/api/package.json': JSON.stringify({ name: '@acme/api', dependencies: { express: '^5.0.0' } }),
    'packages/api/src/app.ts': ROUTE,
  });

  it('json: summary.unrecognised names each package, dependency and reason, and validates against the schema', () => {
    const r = runCli(dir, ['--format', 'json', '--no-cache']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.summary.unrecognised).toEqual([
      { package: '@acme/legacy', path: 'packages/legacy', dependency: 'express', framework: 'express', reason: 'none-found' },
      { package: '@acme/legacy', path: 'packages/legacy', dependency: 'restify', framework: 'restify', reason: 'unsupported' },
    ]);
    const ajv = new Ajv({ allErrors: true, strict: false });
    expect(ajv.validate(REPORT_SCHEMA, report), ajv.errorsText()).toBe(true);
  });

  it('human: the summary says which frameworks were not checked; the exit code is unchanged', () => {
    const r = runCli(dir, ['--no-color', '--no-cache']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('not checked: 2 frameworks the analysed packages depend on');
    expect(r.stdout).toContain('@acme/legacy (packages/legacy) depends on restify: no adapter recognises restify, its entry points were not checked');
    expect(r.stdout).toContain('@acme/legacy (packages/legacy) depends on express, but no express entry point was found in its files');
    expect(r.stdout).not.toContain('@acme/api (packages/api) depends on');
  });

  it('markdown: a "Not checked" section lists them', () => {
    const r = runCli(dir, ['--format', 'markdown', '--no-cache']);
    expect(r.stdout).toContain('### Not checked');
    expect(r.stdout).toMatch(/- @acme\/legacy \(packages\/legacy\) depends on restify/);
  });

  it('a cached run reports the same, and a changed package.json is seen', () => {
    const cacheDir = tempProject({});
    const first = JSON.parse(runCli(dir, ['--format', 'json', '--cache-location', cacheDir]).stdout);
    const again = JSON.parse(runCli(dir, ['--format', 'json', '--cache-location', cacheDir]).stdout);
    expect(again.summary.unrecognised).toEqual(first.summary.unrecognised);
    const manifest = path.join(dir, 'packages/legacy/package.json');
    const before = fs.readFileSync(manifest, 'utf8');
    fs.writeFileSync(manifest, JSON.stringify({ name: '@acme/legacy', dependencies: { ws: '^8.0.0' } }));
    try {
      const after = JSON.parse(runCli(dir, ['--format', 'json', '--cache-location', cacheDir]).stdout);
      expect(after.summary.unrecognised).toEqual([]);
    } finally {
      fs.writeFileSync(manifest, before);
    }
  });
});

describe('a run that found no target at all', () => {
  const dir = tempProject({ 'package.json': '{"name":"lib"}', 'src/math.ts': 'export const add = (a: number, b: number) => a + b;\n' });

  it('human: says nothing was checked instead of a bare "no problems"', () => {
    const r = runCli(dir, ['--no-color', '--no-cache']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✔ no problems');
    expect(r.stdout).toContain('no targets found: no request handler, actor, UI page or outbound call was recognised in 1 file, so nothing was checked for telemetry');
  });

  it('markdown: a warning in the "Not checked" section', () => {
    const r = runCli(dir, ['--format', 'markdown', '--no-cache']);
    expect(r.stdout).toContain('> No targets found: no request handler');
  });

  it('json: every coverage entry is 0 of 0 and unrecognised is empty', () => {
    const report = JSON.parse(runCli(dir, ['--format', 'json', '--no-cache']).stdout);
    expect(Object.values(report.summary.coverage).every((c) => (c as { targets: number }).targets === 0)).toBe(true);
    expect(report.summary.unrecognised).toEqual([]);
  });

  it('a run with targets says nothing of the kind', () => {
    const withRoute = tempProject({ 'package.json': '{"name":"svc","dependencies":{"express":"^5.0.0"}}', 'src/app.ts': ROUTE });
    const r = runCli(withRoute, ['--no-color', '--no-cache']);
    expect(r.stdout).not.toContain('no targets found');
    expect(r.stdout).not.toContain('not checked');
  });
});

describe('near misses', () => {
  const dir = tempProject({
    'src/app.ts': [
      "import express from 'express';",
      "import * as Sentry from '@sentry/node';",
      "import { trace } from '@opentelemetry/api';",
      "import { recordBusinessEvent } from '@opentelemetry/extra-things';",
      'const app = express();',
      "const tracer = trace.getTracer('x');",
      "app.get('/context', (_req, res) => { Sentry.setContext('order', { id: 1 }); res.json([]); });",
      "app.get('/event', (_req, res) => { recordBusinessEvent('b'); res.json([]); });",
      "app.get('/tracer', (_req, res) => { res.json([tracer, trace.getTracer('y')]); });",
      '',
    ].join('\n'),
  });

  it('--explain names calls into a telemetry package that are not counted, and the config line that would count them', async () => {
    const result = await check({ cwd: dir, paths: [], ruleOverrides: [], advisory: false, explain: true, cache: false });
    const reason = (name: string) => result.targets?.find((t) => t.name === name)?.reason ?? '';
    expect(reason('GET /context')).toContain('it calls Sentry.setContext (@sentry/node), which the model does not count as telemetry');
    expect(reason('GET /context')).toContain('"emitters": ["Sentry.setContext"]');
    expect(reason('GET /event')).toContain('recordBusinessEvent (@opentelemetry/extra-things)');
    // `trace.getTracer` is a known API that emits nothing by itself: not a near miss.
    expect(reason('GET /tracer')).not.toContain('does not count');
  });
});
