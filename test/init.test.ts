// `check-doctrines init` end to end: spawn the built binary in a temp folder.
import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { tempProject } from './helpers/project.js';
import { runCli } from './helpers/cli.js';

const ROOT = path.resolve(__dirname, '..');
const CONFIG_SCHEMA = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'config.schema.json'), 'utf8'));

function run(cwd: string, args: string[]) {
  return runCli(cwd, args, { NO_COLOR: '1' });
}

const APP = `import express from 'express';
const app = express();
app.get('/orders', (req, res) => res.json([]));
`;

describe('check-doctrines init', () => {
  it('writes a starter .doctrinesrc.json that validates and is picked up, and prints hook snippets', () => {
    const dir = tempProject({ 'package.json': '{"name":"svc"}', 'src/app.ts': APP });
    const r = run(dir, ['init']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toBe('Wrote .doctrinesrc.json');
    const config = JSON.parse(fs.readFileSync(path.join(dir, '.doctrinesrc.json'), 'utf8'));
    expect(config.$schema).toBe('./node_modules/check-doctrines/schemas/config.schema.json');
    expect(config.pillars).toEqual(['otel']);
    const validate = new Ajv({ allErrors: true }).compile(CONFIG_SCHEMA);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    // husky + lint-staged, and pre-commit, both advisory.
    expect(r.stdout).toContain('npx husky init');
    expect(r.stdout).toContain('echo "npx lint-staged --verbose" > .husky/pre-commit');
    expect(r.stdout).toContain("() => 'check-doctrines --pillar otel --advisory --staged'");
    expect(r.stdout).toMatch(/- id: check-doctrines\n\s+name: check-doctrines\n\s+entry: npx --no-install check-doctrines --pillar otel --advisory --staged/);
    expect(r.stdout).toContain('require_serial: true');
    // The written config is discovered and accepted by a normal run.
    const check = run(dir, ['--format', 'json']);
    expect(check.stderr).toBe('');
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout).pillars).toEqual(['otel']);
  });

  it('refuses, with one line and exit 2, when a config exists; --force overwrites', () => {
    const dir = tempProject({ '.doctrinesrc.json': '{"pillars":["otel"],"callDepth":5}\n' });
    const r = run(dir, ['init']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^check-doctrines: a config already exists: .*\.doctrinesrc\.json \(use init --force/);
    expect(JSON.parse(fs.readFileSync(path.join(dir, '.doctrinesrc.json'), 'utf8')).callDepth).toBe(5);

    const forced = run(dir, ['init', '--force']);
    expect(forced.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(dir, '.doctrinesrc.json'), 'utf8')).callDepth).toBeUndefined();
  });

  it('counts package.json#doctrines and other config files as existing, but not a plain package.json', () => {
    const inPackage = tempProject({ 'package.json': '{"name":"svc","doctrines":{"pillars":["otel"]}}' });
    const r = run(inPackage, ['init']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/package\.json#doctrines/);
    expect(fs.existsSync(path.join(inPackage, '.doctrinesrc.json'))).toBe(false);

    const yaml = tempProject({ '.doctrinesrc.yaml': 'pillars: [otel]\n' });
    expect(run(yaml, ['init']).stderr).toMatch(/\.doctrinesrc\.yaml/);
    const forced = run(yaml, ['init', '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/Note: also found \.doctrinesrc\.yaml; discovery uses only \.doctrinesrc\.json,/);
  });
});

describe('config JSON Schema', () => {
  it('has an $id, compiles under ajv strict mode without a warning, lists every rule with its own options, and rejects unknown rules and bad options', async () => {
    const { loadCatalog } = await import('../src/engine/catalog.js');
    const catalog = await loadCatalog();
    expect(CONFIG_SCHEMA.$id).toBe('urn:check-doctrines:schema:config:1');
    const warnings: unknown[] = [];
    const logger = { log: () => {}, warn: (...a: unknown[]) => warnings.push(a), error: (...a: unknown[]) => warnings.push(a) };
    const validate = new Ajv({ strict: true, allErrors: true, logger }).compile(CONFIG_SCHEMA);
    expect(warnings).toEqual([]);
    expect(Object.keys(CONFIG_SCHEMA.properties.rules.properties).sort()).toEqual(catalog.all.map((r) => r.meta.id).sort());
    expect(validate({ rules: { 'otel/outbound-call': ['warn', { categories: ['http', 'db'] }], 'otel/http-handler': 'error' } }), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ rules: { 'otel/no-such-rule': 'warn' } })).toBe(false);
    expect(validate({ rules: { 'otel/outbound-call': ['warn', { categories: ['smoke-signals'] }] } })).toBe(false);
    expect(validate({ rules: { 'otel/http-handler': ['warn', {}, 'extra'] } })).toBe(false);
  });
});
