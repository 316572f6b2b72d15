// --fix --unsafe: the suggestions that add telemetry to uninstrumented handlers, per form (a span around
// the body with a module-level tracer, the project's exported tracer, a configured wrapper at the
// registration, nestjs-otel's @Span, CommonJS requires). Each fixture project under test/fixes/suggest-*: `input/` is the
// project, `expected/` the files the suggestions change, as they must read after; files not there must not
// change. The output type-checks with the libraries' signatures (test/fixes/suggest-stubs.d.ts), the
// targets are then instrumented, and a second run changes nothing.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempProject } from './helpers/project.js';
import { runCli } from './helpers/cli.js';
import { check } from '../src/engine/run.js';
import { formatJson } from '../src/reporters/json.js';

const FIXES = path.join(__dirname, 'fixes');

function filesUnder(root: string, rel = ''): string[] {
  return fs.readdirSync(path.join(root, rel), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(root, path.join(rel, e.name)) : [path.join(rel, e.name)]));
}

function project(name: string): { dir: string; input: Record<string, string> } {
  const root = path.join(FIXES, name, 'input');
  const input = Object.fromEntries(filesUnder(root).map((f) => [f, fs.readFileSync(path.join(root, f), 'utf8')]));
  return { dir: tempProject({ ...input, 'stubs.d.ts': fs.readFileSync(path.join(FIXES, 'suggest-stubs.d.ts'), 'utf8') }), input };
}

function typeCheck(dir: string): void {
  const tsc = path.resolve(__dirname, '..', 'node_modules', 'typescript', 'bin', 'tsc');
  const sources = filesUnder(dir).filter((f) => f.endsWith('.ts'));
  execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--target', 'es2022', '--module', 'esnext', '--moduleResolution', 'bundler', '--experimentalDecorators', '--lib', 'es2022,dom', ...sources], { cwd: dir, stdio: 'pipe' });
}

interface JsonFinding {
  ruleId: string;
  file: string;
  line: number;
  target?: { name: string };
  fix?: unknown;
  suggestions?: { desc: string; fix: { edits: unknown[] } }[];
}

const cases: [string, number, string[]][] = [
  [
    'suggest-local',
    5,
    [
      "src/app.ts:8 GET /orders/:id: Open a span 'GET /orders/:id' around the handler's body (tracer.startActiveSpan)",
      "src/app.ts:17 POST /orders: Open a span 'POST /orders' around the handler's body (tracer.startActiveSpan)",
      "src/app.ts:23 GET /orders: Open a span 'GET /orders' around the handler's body (tracer.startActiveSpan)",
      "src/orders.controller.ts:5 GET /orders/:id: Decorate the handler with @Span('GET /orders/:id') (nestjs-otel)",
      "src/worker.ts:3 Worker(invoices): Open a span 'Worker(invoices)' around the handler's body (tracer.startActiveSpan)",
    ],
  ],
  [
    'suggest-project-tracer',
    3,
    [
      "src/routes/orders.ts:6 GET /orders/:id: Open a span 'GET /orders/:id' around the handler's body (tracer.startActiveSpan)",
      "src/routes/orders.ts:11 GET /health: Open a span 'GET /health' around the handler's body (tracer.startActiveSpan)",
      "src/routes/orders.ts:14 GET /page: Open a span 'GET /page' around the handler's body (tracer.startActiveSpan)",
    ],
  ],
  [
    'suggest-wrapper',
    4,
    [
      "src/invoices.controller.ts:6 GET /invoices: Open a span 'GET /invoices' around the handler's body (tracer.startActiveSpan)",
      "src/invoices.controller.ts:12 GET /invoices/ready: Open a span 'GET /invoices/ready' around the handler's body (tracer.startActiveSpan)",
      "src/server.ts:5 GET /invoices/:id: Wrap the handler in withSpan('GET /invoices/:id', …)",
      "src/server.ts:12 POST /invoices: Wrap the handler in withSpan('POST /invoices', …)",
    ],
  ],
  [
    'suggest-commonjs',
    3,
    [
      "src/jobs.js:3 cron \"*/5 * * * *\" syncInvoices: Open a span 'cron \"*/5 * * * *\" syncInvoices' around the handler's body (tracer.startActiveSpan)",
      'src/server.js:8 GET /orders/:id: Open a span "GET /orders/:id" around the handler\'s body (tracer.startActiveSpan)',
      'src/server.js:12 POST /orders: Open a span "POST /orders" around the handler\'s body (tracer.startActiveSpan)',
    ],
  ],
];

/** JavaScript files parse (node --check); TypeScript files are type-checked by typeCheck. */
function syntaxCheck(dir: string): void {
  for (const f of filesUnder(dir).filter((x) => x.endsWith('.js'))) execFileSync(process.execPath, ['--check', path.join(dir, f)], { stdio: 'pipe' });
}

describe('--fix --unsafe: suggestions that instrument uninstrumented handlers', () => {
  for (const [name, count, suggestions] of cases) {
    it(`${name}: the expected files, nothing else changed; type-checks; then instrumented; idempotent`, async () => {
      const { dir, input } = project(name);
      expect(() => typeCheck(dir)).not.toThrow();
      // Suggestions are computed when asked (--unsafe); a run without computes none.
      expect(JSON.parse(runCli(dir, ['--format', 'json', '--no-cache']).stdout).findings.some((f: JsonFinding) => f.suggestions)).toBe(false);
      const before = (await check({ cwd: dir, paths: [], ruleOverrides: [], advisory: false, explain: false, cache: false, suggestions: true })).findings as JsonFinding[];
      // Only uninstrumented targets get a suggestion, and a suggestion is not a safe fix.
      expect(before.filter((f) => f.suggestions).map((f) => `${f.file}:${f.line} ${f.target!.name}: ${f.suggestions![0].desc}`)).toEqual(suggestions);
      expect(before.every((f) => !f.fix && (!f.suggestions || f.ruleId === 'otel/http-handler' || f.ruleId === 'otel/actor'))).toBe(true);
      // The JSON report's form of them (schemas/report.schema.json): { desc, fix: { edits } }.
      const json = JSON.parse(formatJson({ schemaVersion: 1, tool: { name: 'check-doctrines', version: '0' }, mode: 'blocking', pillars: ['otel'], summary: { files: 1, durationMs: 1, errors: 0, warnings: 0, suppressed: 0, baselined: 0, skipped: [], coverage: {}, unrecognised: [] }, findings: before as never }));
      expect(json.findings.find((f: JsonFinding) => f.suggestions).suggestions[0]).toEqual({ desc: expect.any(String), fix: { edits: expect.arrayContaining([expect.objectContaining({ range: expect.any(Object), text: expect.any(String) })]) } });
      // A plain --fix leaves them alone; --fix-dry-run --unsafe prints them and writes nothing.
      expect(runCli(dir, ['--fix']).stderr).toBe('');
      const dry = runCli(dir, ['--fix-dry-run', '--unsafe']);
      expect(dry.stdout).toMatch(/^--- a\//);
      for (const [f, text] of Object.entries(input)) expect(fs.readFileSync(path.join(dir, f), 'utf8')).toBe(text);

      const r = runCli(dir, ['--fix', '--unsafe', '--format', 'json']);
      expect(r.stderr).toMatch(new RegExp(`^check-doctrines: fixed ${count} finding\\(s\\) in \\d+ file\\(s\\)\\n$`));
      const expectedRoot = path.join(FIXES, name, 'expected');
      const expected = new Set(filesUnder(expectedRoot));
      for (const f of Object.keys(input)) {
        const now = fs.readFileSync(path.join(dir, f), 'utf8');
        expect(now, f).toBe(expected.has(f) ? fs.readFileSync(path.join(expectedRoot, f), 'utf8') : input[f]);
      }
      // The dry run showed the same changes the fix wrote, for every changed file.
      for (const f of expected) expect(dry.stdout).toContain(`+++ b/${f.split(path.sep).join('/')}`);
      const after = JSON.parse(r.stdout);
      expect(after.findings).toEqual([]);
      for (const c of Object.values(after.summary.coverage) as { targets: number; instrumented: number }[]) expect(c.instrumented).toBe(c.targets);
      expect(() => typeCheck(dir)).not.toThrow();
      expect(() => syntaxCheck(dir)).not.toThrow();
      expect(runCli(dir, ['--fix', '--unsafe']).stderr).toBe('');
    }, 90_000);
  }

  it('--unsafe alone is a usage error', () => {
    const { dir } = project('suggest-local');
    const r = runCli(dir, ['--unsafe']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('check-doctrines: --unsafe adds the suggestions to --fix or --fix-dry-run: add one of them\n');
  });

  it('the human report counts what --fix --unsafe may change apart from safe fixes; SARIF carries safe fixes only', () => {
    const { dir } = project('suggest-project-tracer');
    // Without --unsafe nothing is computed: the uninstrumented targets are counted as an upper bound.
    const out = runCli(dir, ['--no-cache', '--no-color']).stdout;
    expect(out).toMatch(/src\/routes\/orders\.ts:6:27 {2}error {2}otel\/http-handler\n/);
    expect(out).toContain('up to 3 problems fixable with --fix --unsafe, which adds telemetry (--fix-dry-run --unsafe shows the changes)');
    const sarif = JSON.parse(runCli(dir, ['--no-cache', '--format', 'sarif']).stdout);
    expect(sarif.runs[0].results.map((r: { fixes?: unknown }) => r.fixes)).toEqual([undefined, undefined, undefined]);
  });
});

describe('suggestionFor', () => {
  it("keeps a directive prologue ('use server') first in the function, wrapping what follows", async () => {
    const { suggestionFor } = await import('../src/engine/suggest.js');
    const { applyEdits } = await import('../src/engine/fix.js');
    const text = "import { signIn } from './auth';\n\nexport const action = async () => {\n  'use server';\n  await signIn();\n};\n";
    const finding = { ruleId: 'otel/http-handler', pillar: 'otel', severity: 'error', message: 'm', file: 'src/a.ts', line: 3, column: 23, endLine: 6, endColumn: 2, target: { kind: 'http-handler', name: 'action signIn', framework: 'next' }, fingerprint: 'x', help: 'h' } as const;
    const s = suggestionFor(text, { ...finding }, { cwd: '/nowhere' });
    expect(applyEdits(text, [s!.fix.edits]).text).toBe(
      "import { signIn } from './auth';\nimport { trace, SpanStatusCode } from '@opentelemetry/api';\n\nconst tracer = trace.getTracer('nowhere');\n\nexport const action = async () => {\n  'use server';\n  return tracer.startActiveSpan('action signIn', async (span) => {\n    try {\n      await signIn();\n    } catch (err) {\n      span.recordException(err as Error);\n      span.setStatus({ code: SpanStatusCode.ERROR });\n      throw err;\n    } finally {\n      span.end();\n    }\n  });\n};\n",
    );
    // Nothing but the prologue: nothing to wrap.
    expect(suggestionFor("export const action = async () => {\n  'use server';\n};\n", { ...finding, line: 1, column: 23, endLine: 3, endColumn: 2 }, { cwd: '/nowhere' })).toBeUndefined();
  });
});
