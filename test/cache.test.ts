// Cache correctness: per-file summaries are reused, but cross-file verdicts are recomputed, so a change
// in a helper's file changes the findings of routes in files that did not change.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempProject } from './helpers/project.js';
import { runCli } from './helpers/cli.js';


function run(cwd: string, args: string[]) {
  const r = runCli(cwd, ['--format', 'json', ...args]);
  if (r.code !== 0 && r.code !== 1) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as { findings: { file: string; line: number; ruleId: string }[] };
}

const EMITTING = `import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('orders');
export function record(id: string) {
  tracer.startActiveSpan('orders.record', (span) => { span.setAttribute('id', id); span.end(); });
}
`;
const SILENT = `export function record(id: string) {
  return id;
}
`;
const ROUTES = `import express from 'express';
import { record } from './lib/telemetry';
const app = express();
app.get('/orders/:id', (req, res) => { record(req.params.id); res.end(); });
`;

/** Set a file's content and push its mtime into the past, as an editor save followed by time passing. */
function write(file: string, text: string, ageSeconds: number) {
  fs.writeFileSync(file, text);
  const t = new Date(Date.now() - ageSeconds * 1000);
  fs.utimesSync(file, t, t);
}

describe('cache', () => {
  it('reports dependent findings when a helper in another file stops emitting, and clears them when restored', () => {
    const dir = tempProject({ 'package.json': '{"name":"p","private":true}', 'src/routes.ts': ROUTES, 'src/lib/telemetry.ts': EMITTING });
    const helper = path.join(dir, 'src/lib/telemetry.ts');
    write(helper, EMITTING, 60);
    write(path.join(dir, 'src/routes.ts'), ROUTES, 60);
    const cacheDir = path.join(dir, 'node_modules', '.cache', 'check-doctrines');

    expect(run(dir, ['--cache']).findings).toEqual([]);
    expect(fs.readdirSync(cacheDir).filter((f) => f.startsWith('summaries-'))).toHaveLength(1);
    expect(fs.readdirSync(cacheDir).filter((f) => f.startsWith('result-'))).toHaveLength(1);
    // Nothing changed: answered from the result cache, same report.
    expect(run(dir, ['--cache']).findings).toEqual([]);

    write(helper, SILENT, 30);
    const broken = run(dir, ['--cache']).findings;
    // One changed file: appended to the journal, the main summaries file is not rewritten.
    expect(fs.readdirSync(cacheDir).filter((f) => f.endsWith('.journal'))).toHaveLength(1);
    expect(broken.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(['otel/http-handler src/routes.ts:4']);

    // Same size and mtime as the cached entry would be trusted; a different mtime with restored content
    // is recognised by content hash.
    write(helper, EMITTING, 10);
    expect(run(dir, ['--cache']).findings).toEqual([]);
  });

  it('reuses cached summaries: a cached run gives the same report as an uncached one', () => {
    const dir = tempProject({ 'package.json': '{"name":"p","private":true}', 'src/routes.ts': ROUTES, 'src/lib/telemetry.ts': SILENT });
    write(path.join(dir, 'src/routes.ts'), ROUTES, 60);
    write(path.join(dir, 'src/lib/telemetry.ts'), SILENT, 60);
    const cold = run(dir, ['--no-cache']);
    expect(fs.existsSync(path.join(dir, 'node_modules'))).toBe(false);
    run(dir, []);
    const warm = run(dir, []);
    expect(warm.findings).toEqual(cold.findings);
    expect(warm.findings).toHaveLength(1);
  });

  it('a config change invalidates the cache', () => {
    const dir = tempProject({ 'package.json': '{"name":"p","private":true}', 'src/routes.ts': ROUTES.replace('record(req.params.id); ', 'audit.execute(); ') });
    write(path.join(dir, 'src/routes.ts'), fs.readFileSync(path.join(dir, 'src/routes.ts'), 'utf8'), 60);
    expect(run(dir, []).findings).toHaveLength(1);
    fs.writeFileSync(path.join(dir, '.doctrinesrc.json'), JSON.stringify({ telemetry: { emitters: ['audit.execute'] } }));
    expect(run(dir, []).findings).toHaveLength(0);
  });

  it('an http.fileRoutes change invalidates the cached summaries (the targets a file has depend on it)', () => {
    const dir = tempProject({ 'package.json': '{"name":"p","private":true}', 'src/handlers/orders.ts': 'export async function GET() {\n  return [];\n}\n' });
    write(path.join(dir, 'src/handlers/orders.ts'), fs.readFileSync(path.join(dir, 'src/handlers/orders.ts'), 'utf8'), 60);
    expect(run(dir, ['--cache']).findings).toHaveLength(0);
    fs.writeFileSync(path.join(dir, '.doctrinesrc.json'), JSON.stringify({ http: { fileRoutes: [{ files: 'src/handlers/**', exports: ['GET'] }] } }));
    expect(run(dir, ['--cache']).findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(['otel/http-handler src/handlers/orders.ts:1']);
  });

  it('a tsconfig change invalidates a cached analysis (import resolution changed)', () => {
    const routes = ROUTES.replace("'./lib/telemetry'", "'@lib/telemetry'");
    const dir = tempProject({
      'package.json': '{"name":"p","private":true}',
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@lib/*': ['src/lib/*'] } } }),
      'src/routes.ts': routes,
      'src/lib/telemetry.ts': EMITTING,
      'src/silent/telemetry.ts': SILENT,
    });
    for (const f of ['tsconfig.json', 'src/routes.ts', 'src/lib/telemetry.ts', 'src/silent/telemetry.ts']) {
      write(path.join(dir, f), fs.readFileSync(path.join(dir, f), 'utf8'), 60);
    }
    expect(run(dir, []).findings).toEqual([]);
    expect(run(dir, []).findings).toEqual([]);
    write(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@lib/*': ['src/silent/*'] } } }), 30);
    expect(run(dir, []).findings.map((f) => f.ruleId)).toEqual(['otel/http-handler']);
  });

  it('worker threads give the same report as one thread reading ahead (1,200 files, --concurrency 3 and 1)', () => {
    const files: Record<string, string> = { 'package.json': '{"name":"p","private":true}', 'src/lib/telemetry.ts': EMITTING };
    // 1,200 files: one thread reads ahead on a second one from 1,000 files (read-ahead.ts).
    for (let i = 0; i < 1200; i++) {
      // Every third route reaches the emitting helper in another file; the rest are flagged.
      files[`src/routes/r${i}.ts`] = i % 3 === 0 ? ROUTES.replace("'./lib/telemetry'", "'../lib/telemetry'") : ROUTES.replace("record(req.params.id); ", '');
    }
    const dir = tempProject(files);
    const one = run(dir, ['--no-cache', '--concurrency', '1']);
    const three = run(dir, ['--no-cache', '--concurrency', '3']);
    expect(one.findings).toHaveLength(800);
    expect(three.findings).toEqual(one.findings);
  });
});

describe('compiler code cache', () => {
  it('the first run with the cache on writes a V8 code cache of the compiler into the cache folder, which a fresh process accepts; --no-cache writes none', () => {
    const root = path.resolve(import.meta.dirname, '..');
    const dir = tempProject({ 'package.json': '{"name":"p","private":true}', 'src/a.ts': 'export const a = 1;\n' });
    const location = path.join(dir, 'cache-here');
    runCli(dir, ['--no-cache', '--cache-location', location]);
    expect(fs.existsSync(location)).toBe(false);
    runCli(dir, ['--cache-location', location]);
    const files = fs.readdirSync(location).filter((f) => f.endsWith('.codecache'));
    expect(files).toHaveLength(1);
    expect(files[0]).toContain(`node-${process.version}`);
    expect(fs.statSync(path.join(location, files[0])).size).toBeGreaterThan(100_000);
    const probe = "const t = require('./lib/ts.cjs'); console.log(JSON.stringify({ used: t.codeCacheUsed, parses: t.ts.createSourceFile('a.ts', 'const a = 1;', 99).statements.length }))";
    const out = execFileSync(process.execPath, ['-e', probe], { cwd: root, encoding: 'utf8', env: { ...process.env, CHECK_DOCTRINES_TS_CACHE: location } });
    expect(JSON.parse(out)).toEqual({ used: true, parses: 1 });
    // A damaged cache is refused by V8 and costs only the normal compile.
    fs.writeFileSync(path.join(location, files[0]), Buffer.alloc(4096, 7));
    const damaged = execFileSync(process.execPath, ['-e', probe], { cwd: root, encoding: 'utf8', env: { ...process.env, CHECK_DOCTRINES_TS_CACHE: location } });
    expect(JSON.parse(damaged)).toEqual({ used: false, parses: 1 });
  });
});

describe('changed-files runs on a cached analysis', () => {
  const OTHER = `import express from 'express';
const app = express();
app.get('/health', (req, res) => { res.end(); });
`;
  function gitRepo(files: Record<string, string>): string {
    const dir = tempProject({ 'package.json': '{"name":"p","private":true}', ...files });
    for (const f of Object.keys(files)) write(path.join(dir, f), files[f], 60);
    const g = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: dir });
    g('init', '-q');
    g('add', '-A');
    g('commit', '-qm', 'base');
    return dir;
  }
  const full = (dir: string, args: string[]) => {
    const r = runCli(dir, ['--format', 'json', '--explain', ...args]);
    if (r.code !== 0 && r.code !== 1) throw new Error(r.stderr);
    const out = JSON.parse(r.stdout);
    delete out.summary.durationMs;
    return { out, stderr: r.stderr };
  };

  it('a plain cached run after an edit is incremental too: only the changed file and its dependents are judged again', () => {
    const dir = gitRepo({ 'src/routes.ts': ROUTES, 'src/lib/telemetry.ts': EMITTING, 'src/other.ts': OTHER });
    full(dir, ['--cache']);
    write(path.join(dir, 'src/lib/telemetry.ts'), SILENT, 30);
    const after = full(dir, ['--cache', '--verbose']);
    expect(after.stderr).toContain('incremental run: judging 2 of 3 files again');
    expect(after.out).toEqual(full(dir, ['--no-cache']).out);
    write(path.join(dir, 'src/other.ts'), `${OTHER}// edited\n`, 20);
    const again = full(dir, ['--cache', '--verbose']);
    expect(again.stderr).toContain('incremental run: judging 1 of 3 files again');
    expect(again.out).toEqual(full(dir, ['--no-cache']).out);
  });

  it('re-judges the files that depend on a changed helper, and the report equals an uncached one', () => {
    const dir = gitRepo({ 'src/routes.ts': ROUTES, 'src/lib/telemetry.ts': EMITTING, 'src/other.ts': OTHER });
    full(dir, ['--cache']);
    // The helper stops emitting and only the helper is staged: the route in routes.ts depends on it.
    write(path.join(dir, 'src/lib/telemetry.ts'), SILENT, 30);
    execFileSync('git', ['add', 'src/lib/telemetry.ts'], { cwd: dir });
    const incremental = full(dir, ['--staged', '--cache', '--verbose']);
    expect(incremental.stderr).toContain('incremental run: judging 2 of 3 files again');
    const uncached = full(dir, ['--staged', '--no-cache']);
    expect(incremental.out).toEqual(uncached.out);
    expect(incremental.out.summary.coverage['otel/http-handler']).toEqual({ targets: 2, instrumented: 0 });
    const routes = incremental.out.targets.find((t: { file: string }) => t.file === 'src/routes.ts');
    expect(routes.instrumented).toBe(false);

    // Staging the route file too reports its finding; restoring the helper clears it again.
    write(path.join(dir, 'src/routes.ts'), `${ROUTES}// touched\n`, 20);
    execFileSync('git', ['add', 'src/routes.ts'], { cwd: dir });
    const both = full(dir, ['--staged', '--cache']);
    expect(both.out).toEqual(full(dir, ['--staged', '--no-cache']).out);
    expect(both.out.findings.map((f: { ruleId: string; file: string }) => `${f.ruleId} ${f.file}`)).toEqual(['otel/http-handler src/routes.ts']);
    write(path.join(dir, 'src/lib/telemetry.ts'), EMITTING, 10);
    execFileSync('git', ['add', 'src/lib/telemetry.ts'], { cwd: dir });
    const restored = full(dir, ['--staged', '--cache']);
    expect(restored.out).toEqual(full(dir, ['--staged', '--no-cache']).out);
    expect(restored.out.findings).toEqual([]);
  });

  it('judges everything again when a changed file adds an import that changes what a registration reaches', () => {
    const TRACING = `import { NodeSDK } from '@opentelemetry/sdk-node';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { name } from './config';
new NodeSDK({ serviceName: name, instrumentations: [getNodeAutoInstrumentations()] }).start();
`;
    const JOB = `import axios from 'axios';
export async function sync() { await axios.post('https://crm.internal/sync'); }
`;
    // package.json is written old too: resolving the imports reads it, and a manifest modified within the last seconds is not trusted.
    const dir = gitRepo({ 'package.json': '{"name":"p","private":true}', 'src/tracing.ts': TRACING, 'src/config.ts': "export const name = 'api';\n", 'src/main.ts': "import './tracing';\n", 'src/job.ts': JOB });
    const before = full(dir, ['--cache']);
    expect(before.out.findings.map((f: { file: string }) => f.file)).toEqual(['src/job.ts']);
    // main.ts now loads the job module: the registration reaches it, though neither job.ts nor tracing.ts changed.
    write(path.join(dir, 'src/main.ts'), "import './tracing';\nimport { sync } from './job';\nvoid sync();\n", 30);
    execFileSync('git', ['add', 'src/main.ts'], { cwd: dir });
    const r = full(dir, ['--staged', '--cache', '--verbose']);
    expect(r.stderr).toContain('incremental run: judging every file');
    expect(r.out).toEqual(full(dir, ['--staged', '--no-cache']).out);
    // A change that keeps the imports as they were stays incremental.
    write(path.join(dir, 'src/main.ts'), "import './tracing';\nimport { sync } from './job';\nvoid sync(); // again\n", 20);
    execFileSync('git', ['add', 'src/main.ts'], { cwd: dir });
    const again = full(dir, ['--staged', '--cache', '--verbose']);
    expect(again.stderr).toContain('incremental run: judging 1 of 4 files again');
    expect(again.out).toEqual(full(dir, ['--staged', '--no-cache']).out);
  });

  it('judges everything again when the file set changes', () => {
    const dir = gitRepo({ 'src/routes.ts': ROUTES, 'src/lib/telemetry.ts': EMITTING });
    full(dir, ['--cache']);
    write(path.join(dir, 'src/other.ts'), OTHER, 30);
    execFileSync('git', ['add', 'src/other.ts'], { cwd: dir });
    const r = full(dir, ['--staged', '--cache', '--verbose']);
    expect(r.stderr).toContain('incremental run: judging every file');
    expect(r.out).toEqual(full(dir, ['--staged', '--no-cache']).out);
  });
});
