// The package as users get it: packed into a tarball (built by `prepack`), installed from it with npm and with
// pnpm's strict isolated linker (no hoisting: a dependency the tool loads but does not declare fails there),
// and run through the installed bin. Needs the npm registry, as CI has.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const PROJECT_FILES: Record<string, string> = {
  'src/app.ts': `import express from 'express';
const app = express();
app.get('/orders', (_req, res) => { res.json([]); });
app.listen(3000);
`,
};

let tarball = '';
let work = '';

function consumer(name: string, extra: Record<string, string> = {}): string {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, private: true, dependencies: { express: '^4.21.0' } }));
  for (const [rel, text] of Object.entries({ ...PROJECT_FILES, ...extra })) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** The installed bin on the consumer's project: one finding for the uninstrumented route, no stack trace. */
function expectItRuns(dir: string) {
  const bin = path.join(dir, 'node_modules', '.bin', 'check-doctrines');
  const r = spawnSync(bin, ['src', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
  expect(r.stderr).not.toMatch(/Error|at .*\(/);
  expect(r.status).toBe(1);
  const report = JSON.parse(r.stdout);
  expect(report.findings.map((f: { ruleId: string; file: string }) => `${f.ruleId} ${f.file}`)).toEqual(['otel/http-handler src/app.ts']);
  // The first run with the cache on keeps the compiler's code cache in the project's cache folder.
  const cache = path.join(dir, 'node_modules', '.cache', 'check-doctrines');
  expect(fs.readdirSync(cache).some((f) => f.endsWith('.codecache'))).toBe(true);
}

describe('the packed package', () => {
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'doctrines-pack-'));
    // `npm test` built dist/ already; `prepack` would build it again while other test files run the CLI from it.
    const out = execFileSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' });
    tarball = path.join(work, out.trim().split('\n').pop()!);
  }, 180_000);

  it('holds the built tool, its rule docs and a LICENSE, and nothing built for one Node version or pointing at unshipped sources', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
    expect(files).toContain('package/LICENSE');
    expect(files).toContain('package/bin/check-doctrines.js');
    expect(files).toContain('package/dist/src/cli.js');
    expect(files).toContain('package/lib/ts.cjs');
    expect(files).toContain('package/rules/otel/http-handler.md');
    expect(files).toContain('package/dist/src/index.d.ts');
    expect(files).toContain('package/schemas/config.schema.json');
    for (const preset of ['recommended', 'strict', 'datadog', 'sentry']) expect(files).toContain(`package/presets/${preset}.json`);
    expect(files.filter((f) => f.endsWith('.map') || f.endsWith('.codecache') || f.startsWith('package/src/') || f.startsWith('package/test/'))).toEqual([]);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts.prepare).toBeUndefined();
    expect(pkg.scripts.prepack).toBe('npm run build');
  });

  it('installs with npm and runs, and reads a doctrines.config.ts that extends a shipped preset, without the project having TypeScript', () => {
    const dir = consumer('with-npm');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--silent', tarball], { cwd: dir, stdio: 'pipe' });
    expectItRuns(dir);
    expect(fs.existsSync(path.join(dir, 'node_modules', 'typescript'))).toBe(false);
    fs.writeFileSync(
      path.join(dir, 'doctrines.config.ts'),
      "import { defineConfig, type UserConfig } from 'check-doctrines';\nconst rules: UserConfig['rules'] = { 'otel/http-handler': 'warn' };\nexport default defineConfig({ extends: 'check-doctrines/strict', rules } satisfies UserConfig);\n",
    );
    const r = spawnSync(path.join(dir, 'node_modules', '.bin', 'check-doctrines'), ['src', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).findings.map((f: { severity: string }) => f.severity)).toEqual(['warn']);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.mjs'))).toEqual([]);
  }, 240_000);

  it('installs with pnpm, isolated and unhoisted, and runs', () => {
    const tools = path.join(work, 'pnpm-tool');
    execFileSync('npm', ['install', '--prefix', tools, '--no-audit', '--no-fund', '--prefer-offline', '--silent', 'pnpm@9'], { stdio: 'pipe' });
    const pnpm = path.join(tools, 'node_modules', '.bin', 'pnpm');
    const dir = consumer('with-pnpm', { '.npmrc': 'node-linker=isolated\nhoist=false\npublic-hoist-pattern[]=\n' });
    execFileSync(pnpm, ['add', tarball], { cwd: dir, stdio: 'pipe', env: { ...process.env, CI: 'true' } });
    // Strict: nothing the package does not declare is reachable from it.
    expect(fs.existsSync(path.join(dir, 'node_modules', '@ts-morph'))).toBe(false);
    expectItRuns(dir);
  }, 240_000);
});
