// otel/semconv: the deprecation table is what the generator makes of the pinned package (not edited by hand),
// and its --fix renames literal keys that have a single replacement, leaving the rest as they are.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEMCONV } from '../src/analysis/semconv-table.js';
import { tempProject } from './helpers/project.js';
import { runCli } from './helpers/cli.js';

const ROOT = path.resolve(__dirname, '..');

describe('otel/semconv', () => {
  it('its table is the generator output for the pinned @opentelemetry/semantic-conventions', async () => {
    const { generate } = (await import(path.join(ROOT, 'scripts', 'semconv-table.mjs'))) as { generate: () => string | undefined };
    const text = generate();
    expect(text, 'the package is a dev dependency and must be installed').toBeDefined();
    expect(fs.readFileSync(path.join(ROOT, 'src', 'analysis', 'semconv-table.ts'), 'utf8')).toBe(text);
    const pinned = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).devDependencies['@opentelemetry/semantic-conventions'];
    expect(SEMCONV.version).toBe(pinned);
  });

  it('reads replacements from the @deprecated notes: one key is a rename, several or none are not', () => {
    // Samples of each form of note in the package.
    expect(SEMCONV.attributes['http.method']).toEqual({ replacement: 'http.request.method', note: 'Replaced by `http.request.method`.' });
    expect(SEMCONV.attributes['net.peer.name']?.replacement).toBeUndefined();
    expect(SEMCONV.metrics['cpu.time']?.replacement).toBe('system.cpu.time');
    // Only keys: enum value constants (`…_VALUE_…`) are not attribute keys.
    expect(Object.keys(SEMCONV.attributes).every((k) => /^[a-z0-9_.]+$/.test(k))).toBe(true);
    // A current key is not in the table.
    expect(SEMCONV.attributes['http.request.method']).toBeUndefined();
    expect(SEMCONV.constants.SEMATTRS_HTTP_METHOD).toBe('http.method');
  });

  it('--fix renames literal keys with a single replacement, and only those', () => {
    const input = [
      "import { trace } from '@opentelemetry/api';",
      "const tracer = trace.getTracer('api');",
      "const KEY = 'http.url';",
      'export function handle(method: string, url: string, host: string) {',
      "  const span = tracer.startSpan('GET /orders', { attributes: { 'http.method': method, \"net.peer.name\": host } });",
      "  span.setAttribute(`http.status_code`, 200);",
      '  span.setAttribute(KEY, url);',
      '  span.end();',
      '}',
      '',
    ].join('\n');
    const dir = tempProject({ 'app.ts': input });
    const dry = runCli(dir, ['--fix-dry-run', '--no-cache']);
    expect(dry.stdout).toContain("+  const span = tracer.startSpan('GET /orders', { attributes: { 'http.request.method': method, \"net.peer.name\": host } });");
    const fixed = runCli(dir, ['--fix', '--no-cache', '--format', 'json']);
    const after = fs.readFileSync(path.join(dir, 'app.ts'), 'utf8');
    expect(after).toBe(
      input
        .replace("'http.method'", "'http.request.method'")
        .replace('`http.status_code`', '`http.response.status_code`'),
    );
    // What is left: the key with no single replacement, and the key held in a const.
    const left = JSON.parse(fixed.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'otel/semconv');
    expect(left.map((f: { line: number; message: string }) => `${f.line}: ${f.message}`)).toEqual([
      "5: Attribute key 'net.peer.name' is deprecated by the semantic conventions with no single replacement",
      "7: Attribute key 'http.url' is deprecated by the semantic conventions; use 'url.full'",
    ]);
    // Idempotent.
    runCli(dir, ['--fix', '--no-cache']);
    expect(fs.readFileSync(path.join(dir, 'app.ts'), 'utf8')).toBe(after);
  });
});
