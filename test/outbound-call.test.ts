// otel/outbound-call beyond the annotated fixtures: the evidence chain in --explain, coverage counting
// under the `categories` option, and deferred targets for clients exported by project modules.
import { describe, expect, it } from 'vitest';
import { check } from '../src/engine/run.js';
import { tempProject } from './helpers/project.js';

const run = (files: Record<string, string>) =>
  check({ cwd: tempProject(files), paths: [], ruleOverrides: [], advisory: false, explain: true });

const outbound = (r: Awaited<ReturnType<typeof run>>) => (r.targets ?? []).filter((t) => t.ruleId === 'otel/outbound-call');

describe('otel/outbound-call', () => {
  it('names each call by the functions and classes around it, a class declared inside a function included', async () => {
    const r = await run({
      'package.json': '{ "name": "x" }',
      'src/api.ts': ["import axios from 'axios';", 'export const client = axios.create();'].join('\n'),
      'src/make.ts': [
        "import axios from 'axios';",
        "import { client } from './api';",
        'export function make() {',
        "  void axios.post('/y');",
        "  class Api { data = client.get('/x'); }",
        "  return [new Api(), client.put('/z')];",
        '}',
      ].join('\n'),
    });
    const symbols = r.findings.filter((f) => f.file === 'src/make.ts').map((f) => [f.line, f.symbol]);
    expect(symbols).toEqual([
      [4, 'make axios.post'],
      [5, 'make.Api client.get'],
      [6, 'make client.put'],
    ]);
  });

  it('says in the evidence which registration covers a call, and where', async () => {
    const r = await run({
      'package.json': '{ "name": "x" }',
      'src/tracing.ts': [
        "import { registerInstrumentations } from '@opentelemetry/instrumentation';",
        "import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';",
        '',
        'registerInstrumentations({ instrumentations: [new UndiciInstrumentation()] });',
      ].join('\n'),
      'src/client.ts': "export const load = () => fetch('https://a.test');\nimport axios from 'axios';\nexport const save = () => axios.post('https://a.test');\n",
    });
    const [fetchCall, axiosCall] = outbound(r);
    expect(fetchCall).toMatchObject({ name: 'fetch', framework: 'fetch', instrumented: true, file: 'src/client.ts', line: 1 });
    expect(fetchCall.evidence).toEqual([
      { kind: 'coverage', via: 'auto-instrumentation', name: 'new UndiciInstrumentation() (@opentelemetry/instrumentation-undici)', file: 'src/tracing.ts', line: 4 },
    ]);
    expect(axiosCall).toMatchObject({ name: 'axios.post', instrumented: false });
    expect(axiosCall.reason).toContain('no analysed file registers @opentelemetry/instrumentation-http');
    expect(r.findings.map((f) => [f.ruleId, f.file, f.line, f.target?.framework])).toEqual([['otel/outbound-call', 'src/client.ts', 3, 'axios']]);
    expect(r.findings[0].message).toBe('axios.post() (axios) runs outside any span, and no auto-instrumentation covers it (@opentelemetry/instrumentation-http)');
  });

  it('counts only the categories the rule is configured for', async () => {
    const code = [
      "import { Pool } from 'pg';",
      'const pool = new Pool();',
      "export const a = () => pool.query('select 1');",
      "export const b = () => fetch('https://a.test');",
    ].join('\n');
    const byDefault = await run({ 'package.json': '{ "name": "x" }', 'a.ts': code });
    expect(byDefault.summary.coverage['otel/outbound-call']).toEqual({ targets: 1, instrumented: 0 });
    expect(outbound(byDefault).map((t) => t.name)).toEqual(['fetch']);

    const withDb = await run({
      'package.json': '{ "name": "x" }',
      '.doctrinesrc.json': '{ "rules": { "otel/outbound-call": ["error", { "categories": ["db"] }] } }',
      'a.ts': code,
    });
    expect(withDb.summary.coverage['otel/outbound-call']).toEqual({ targets: 1, instrumented: 0 });
    expect(withDb.findings.map((f) => f.target)).toEqual([{ kind: 'outbound-call', name: 'pool.query', framework: 'pg' }]);
  });

  it('keeps a call on an imported project value only when that value is a client, named after its library', async () => {
    const r = await run({
      'package.json': '{ "name": "x" }',
      'lib/clients.ts': "import got from 'got';\nexport const gh = got.extend({});\nexport const notClient = { get: (x: string) => x };\n",
      'use.ts': "import { gh, notClient } from './lib/clients';\nexport const a = () => gh.get('repos');\nexport const b = () => notClient.get('x');\n",
    });
    expect(outbound(r).map((t) => [t.file, t.line, t.name, t.framework])).toEqual([['use.ts', 2, 'gh.get', 'got']]);
  });

  it('credits a registration only to the modules its entries load, and an SDK only to code of its runtime', async () => {
    const r = await run({
      'package.json': '{ "name": "shop", "dependencies": { "next": "15.0.0" } }',
      'sentry.server.config.ts': "import * as Sentry from '@sentry/nextjs';\nSentry.init({ tracesSampleRate: 1 });\n",
      'sentry.edge.config.ts': "import * as Sentry from '@sentry/nextjs';\nSentry.init({ tracesSampleRate: 1 });\n",
      'middleware.ts': "import { NextResponse } from 'next/server';\nexport async function middleware() { await fetch('https://flags.internal'); return NextResponse.next(); }\n",
      'app/api/route.ts': "export async function GET() { return fetch('https://orders.internal'); }\n",
    });
    const evidence = Object.fromEntries(outbound(r).map((t) => [t.file, t.evidence.map((e) => ('file' in e ? e.file : '')).join(' ')]));
    expect(evidence).toEqual({ 'middleware.ts': 'sentry.edge.config.ts', 'app/api/route.ts': 'sentry.server.config.ts' });
  });
});
