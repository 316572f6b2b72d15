import { describe, it, expect, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config/load.js';
import { UsageError } from '../src/errors.js';

const tmpRoots: string[] = [];
afterAll(() => {
  for (const d of tmpRoots) fs.rmSync(d, { recursive: true, force: true });
});

/** A fresh temp dir; keys of `files` are relative paths, values file contents (objects → JSON). */
function project(files: Record<string, string | object>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'doctrines-config-')));
  tmpRoots.push(dir);
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

const knownPillars = ['otel'];
const knownRules = new Map<string, { optionsSchema?: object }>([
  ['otel/http-handler', {}],
  ['otel/actor', {}],
  ['otel/ui-component', {}],
  [
    'otel/outbound-call',
    {
      optionsSchema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          categories: { type: 'array', items: { type: 'string', enum: ['http', 'sdk', 'db'] } },
          minCalls: { type: 'integer', minimum: 1 },
        },
      },
    },
  ],
]);

const load = (cwd: string, configPath?: string) => loadConfig({ cwd, configPath, knownPillars, knownRules });

/** Run loadConfig expecting a UsageError; returns its message after checking it is one line. */
async function usageError(cwd: string, configPath?: string): Promise<string> {
  let caught: unknown;
  try {
    await load(cwd, configPath);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(UsageError);
  const msg = (caught as Error).message;
  expect(msg).not.toContain('\n');
  return msg;
}

const PKG = { name: 'fixture', version: '1.0.0' };

describe('config discovery', () => {
  it('uses the recommended defaults with no config', async () => {
    const dir = project({ 'package.json': PKG });
    const c = await load(dir);
    expect(c).toEqual({
      filepath: undefined,
      pillars: ['otel'],
      include: [],
      exclude: [],
      defaultIgnores: true,
      maxFileSize: 1048576,
      callDepth: 3,
      rules: {},
      telemetry: { emitters: [], decorators: [], wrappers: [], spanEnders: [] },
      actors: { baseClasses: [], decorators: [] },
      ui: { components: [] },
      http: { fileRoutes: [] },
    });
  });

  it('reads http.fileRoutes, filling exports and framework', async () => {
    const dir = project({
      'package.json': PKG,
      '.doctrinesrc.json': { http: { fileRoutes: [{ files: 'src/handlers/**', exports: ['GET', 'POST'], framework: 'acme' }, { files: ['jobs/*.ts', 'tasks/*.ts'] }] } },
    });
    expect((await load(dir)).http).toEqual({
      fileRoutes: [
        { files: ['src/handlers/**'], exports: ['GET', 'POST'], framework: 'acme' },
        { files: ['jobs/*.ts', 'tasks/*.ts'], exports: ['default'], framework: 'configured' },
      ],
    });
  });

  it('rejects a malformed http.fileRoutes entry, naming the key', async () => {
    const missing = project({ 'package.json': PKG, '.doctrinesrc.json': { http: { fileRoutes: [{ exports: ['GET'] }] } } });
    expect(await usageError(missing)).toContain('"http.fileRoutes[0].files" is required');
    const unknown = project({ 'package.json': PKG, '.doctrinesrc.json': { http: { fileRoutes: [{ files: 'a/**', export: ['GET'] }] } } });
    expect(await usageError(unknown)).toContain('unknown key "http.fileRoutes[0].export"');
    const wrong = project({ 'package.json': PKG, '.doctrinesrc.json': { http: { fileRoutes: [{ files: 'a/**', exports: 'GET' }] } } });
    expect(await usageError(wrong)).toContain('"http.fileRoutes[0].exports" must be an array of strings, got "GET"');
  });

  it('reads package.json#doctrines', async () => {
    const dir = project({
      'package.json': { ...PKG, doctrines: { callDepth: 5, rules: { 'otel/ui-component': 'warn' } } },
    });
    const c = await load(dir);
    expect(c.filepath).toBe(path.join(dir, 'package.json'));
    expect(c.callDepth).toBe(5);
    expect(c.rules).toEqual({ 'otel/ui-component': ['warn', {}] });
    expect(c.pillars).toEqual(['otel']);
  });

  it('reads a YAML .doctrinesrc', async () => {
    const dir = project({
      'package.json': PKG,
      '.doctrinesrc': [
        'include: ["src/**"]',
        'exclude:',
        '  - src/generated/**',
        'telemetry:',
        '  emitters: [telemetry.span, "metrics.*"]',
        '  decorators: [Traced]',
        'rules:',
        '  otel/outbound-call: [error, { categories: [http, sdk] }]',
        '',
      ].join('\n'),
    });
    const c = await load(dir);
    expect(c.filepath).toBe(path.join(dir, '.doctrinesrc'));
    expect(c.include).toEqual(['src/**']);
    expect(c.exclude).toEqual(['src/generated/**']);
    expect(c.telemetry).toEqual({
      emitters: ['telemetry.span', 'metrics.*'],
      decorators: ['Traced'],
      wrappers: [],
      spanEnders: [],
    });
    expect(c.rules).toEqual({ 'otel/outbound-call': ['error', { categories: ['http', 'sdk'] }] });
  });

  it('reads a JSON .doctrinesrc', async () => {
    const dir = project({ 'package.json': PKG, '.doctrinesrc': { defaultIgnores: false } });
    const c = await load(dir);
    expect(c.defaultIgnores).toBe(false);
  });

  it('reads .doctrinesrc.json and resolves tsconfig relative to it', async () => {
    const dir = project({
      'package.json': PKG,
      '.doctrinesrc.json': {
        $schema: './node_modules/check-doctrines/schemas/config.schema.json',
        pillars: ['otel'],
        maxFileSize: 2048,
        tsconfig: 'tsconfig.build.json',
        rules: { 'otel/actor': ['off'], 'otel/http-handler': 'error' },
        actors: { baseClasses: ['BaseActor'], decorators: ['Actor'] },
        ui: { components: ['src/pages/**'] },
      },
    });
    const c = await load(dir);
    expect(c.filepath).toBe(path.join(dir, '.doctrinesrc.json'));
    expect(c.maxFileSize).toBe(2048);
    expect(c.tsconfig).toBe(path.join(dir, 'tsconfig.build.json'));
    expect(c.rules).toEqual({ 'otel/actor': ['off', {}], 'otel/http-handler': ['error', {}] });
    expect(c.actors).toEqual({ baseClasses: ['BaseActor'], decorators: ['Actor'] });
    expect(c.ui).toEqual({ components: ['src/pages/**'] });
  });

  it('reads .doctrinesrc.yml', async () => {
    const dir = project({ 'package.json': PKG, '.doctrinesrc.yml': 'callDepth: 0\n' });
    expect((await load(dir)).callDepth).toBe(0);
  });

  it('reads doctrines.config.mjs', async () => {
    const dir = project({
      'package.json': PKG,
      'doctrines.config.mjs': `export default { callDepth: 7, telemetry: { wrappers: ['withSpan'] } };\n`,
    });
    const c = await load(dir);
    expect(c.filepath).toBe(path.join(dir, 'doctrines.config.mjs'));
    expect(c.callDepth).toBe(7);
    expect(c.telemetry.wrappers).toEqual(['withSpan']);
  });

  it('reads doctrines.config.ts', async () => {
    const dir = project({
      'package.json': PKG,
      'doctrines.config.ts': `const config: { callDepth: number } = { callDepth: 8 };\nexport default config;\n`,
    });
    const c = await load(dir);
    expect(c.filepath).toBe(path.join(dir, 'doctrines.config.ts'));
    expect(c.callDepth).toBe(8);
  });

  it('loads doctrines.config.ts with jiti: TypeScript-only syntax, relative imports of TypeScript files without extension, and no file is left behind', async () => {
    const dir = project({
      'package.json': PKG,
      'shared.ts': 'export const depth: number = 5;\n',
      'doctrines.config.ts': [
        "import type { Severity } from './types';",
        "import { depth } from './shared';",
        'enum Level { Warn = "warn" }',
        'const severity: Severity = Level.Warn as Severity;',
        "export default { callDepth: depth, rules: { 'otel/http-handler': severity } } satisfies Record<string, unknown>;",
        '',
      ].join('\n'),
    });
    const c = await load(dir);
    expect(c.callDepth).toBe(5);
    expect(c.rules['otel/http-handler']).toEqual(['warn', {}]);
    expect(fs.readdirSync(dir).sort()).toEqual(['doctrines.config.ts', 'package.json', 'shared.ts']);
  });

  it('a doctrines.config.ts that does not compile is a one-line error naming the line', async () => {
    const dir = project({ 'package.json': PKG, 'doctrines.config.ts': 'export default {\n  callDepth: 3,,\n};\n' });
    expect(await usageError(dir)).toMatch(/^cannot load config file .*doctrines\.config\.ts: .* at line 2, column \d+$/);
  });

  it('reloads a JS config that changed since the last load', async () => {
    const dir = project({ 'package.json': PKG, 'doctrines.config.mjs': `export default { callDepth: 1 };\n` });
    expect((await load(dir)).callDepth).toBe(1);
    const file = path.join(dir, 'doctrines.config.mjs');
    fs.writeFileSync(file, `export default { callDepth: 2 };\n`);
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(file, later, later);
    expect((await load(dir)).callDepth).toBe(2);
  });

  it('reads doctrines.config.cjs', async () => {
    const dir = project({
      'package.json': PKG,
      'doctrines.config.cjs': `module.exports = { callDepth: 2 };\n`,
    });
    expect((await load(dir)).callDepth).toBe(2);
  });

  it('searches upward from a nested directory, stopping at the nearest package.json', async () => {
    const dir = project({
      'package.json': { ...PKG, workspaces: ['packages/*'] },
      '.doctrinesrc.json': { callDepth: 9 }, // monorepo root config: must NOT be used from packages/a
      'packages/a/package.json': { name: 'a' },
      'packages/a/src/deep/file.ts': 'export {};\n',
      'packages/b/package.json': { name: 'b' },
      'packages/b/.doctrinesrc.json': { callDepth: 1 },
      'packages/b/src/deep/file.ts': 'export {};\n',
    });
    const a = await load(path.join(dir, 'packages/a/src/deep'));
    expect(a.filepath).toBeUndefined();
    expect(a.callDepth).toBe(3);

    const b = await load(path.join(dir, 'packages/b/src/deep'));
    expect(b.filepath).toBe(path.join(dir, 'packages/b/.doctrinesrc.json'));
    expect(b.callDepth).toBe(1);

    // From a directory without its own package.json, the search reaches the root package.
    const root = await load(path.join(dir, 'packages'));
    expect(root.filepath).toBe(path.join(dir, '.doctrinesrc.json'));
    expect(root.callDepth).toBe(9);
  });

  it('package.json without a doctrines key is skipped in favour of a config file beside it', async () => {
    const dir = project({ 'package.json': PKG, '.doctrinesrc.yaml': 'callDepth: 4\n' });
    const c = await load(dir);
    expect(c.filepath).toBe(path.join(dir, '.doctrinesrc.yaml'));
    expect(c.callDepth).toBe(4);
  });

  it('loads exactly the file given as configPath', async () => {
    const dir = project({
      'package.json': { ...PKG, doctrines: { callDepth: 1 } },
      'config/custom.yaml': 'callDepth: 6\n',
    });
    const c = await load(dir, 'config/custom.yaml');
    expect(c.filepath).toBe(path.join(dir, 'config/custom.yaml'));
    expect(c.callDepth).toBe(6);

    const abs = await load(os.tmpdir(), path.join(dir, 'config/custom.yaml'));
    expect(abs.callDepth).toBe(6);
  });

  it('treats an empty explicit config file as defaults', async () => {
    const dir = project({ 'package.json': PKG, 'empty.json': '' });
    const c = await load(dir, 'empty.json');
    expect(c.filepath).toBe(path.join(dir, 'empty.json'));
    expect(c.callDepth).toBe(3);
  });
});

describe('JSON configs with comments', () => {
  it('reads comments and trailing commas in .doctrinesrc.json, as ESLint and Biome read theirs', async () => {
    const dir = project({
      'package.json': PKG,
      '.doctrinesrc.json': '{\n  // errors only for handlers\n  "rules": { "otel/http-handler": "warn", },\n  /* no other pillar */\n  "pillars": ["otel"],\n}\n',
    });
    const c = await load(dir);
    expect(c.rules['otel/http-handler']).toEqual(['warn', {}]);
    expect(c.pillars).toEqual(['otel']);
  });

  it('names the line and column of a syntax error, in one line', async () => {
    const dir = project({ 'package.json': PKG, '.doctrinesrc.json': '{\n  "rules": {\n    "otel/http-handler": "warn"\n' });
    expect(await usageError(dir)).toMatch(/^cannot parse config file .*\.doctrinesrc\.json: CloseBraceExpected at line 4, column 1$/);
  });
});

describe('config errors', () => {
  it('missing explicit config file', async () => {
    const dir = project({ 'package.json': PKG });
    const msg = await usageError(dir, 'nope.json');
    expect(msg).toBe(`config file not found: ${path.join(dir, 'nope.json')}`);
  });

  it('explicit package.json without the doctrines key', async () => {
    const dir = project({ 'package.json': PKG });
    const msg = await usageError(dir, 'package.json');
    expect(msg).toContain('"doctrines"');
    expect(msg).toContain(path.join(dir, 'package.json'));
  });

  it('unknown top-level key', async () => {
    const dir = project({ 'package.json': PKG, '.doctrinesrc.json': { rulez: {} } });
    const file = path.join(dir, '.doctrinesrc.json');
    const msg = await usageError(dir);
    expect(msg).toMatch(new RegExp(`^invalid config in ${escape(file)}: unknown key "rulez" \\(allowed: \\$schema, extends, pillars, include, exclude, `));
    expect(msg).toContain('did you mean "rules"?');
  });

  it('fix.wrapper: module and name required, name an identifier; a path module made absolute from the config file, a package name kept', async () => {
    const missing = project({ 'package.json': PKG, '.doctrinesrc.json': { fix: { wrapper: { module: './src/tracing' } } } });
    expect(await usageError(missing)).toContain('"fix.wrapper.name" is required');
    const bad = project({ 'package.json': PKG, '.doctrinesrc.json': { fix: { wrapper: { module: './src/tracing', name: 'with-span' } } } });
    expect(await usageError(bad)).toContain('"fix.wrapper.name" must match pattern');
    const nested = project({ 'package.json': PKG, 'config/.doctrinesrc.json': { fix: { wrapper: { module: '../src/tracing', name: 'withSpan' } } } });
    expect((await load(nested, 'config/.doctrinesrc.json')).fix).toEqual({ wrapper: { module: path.join(nested, 'src', 'tracing'), name: 'withSpan' } });
    const pkg = project({ 'package.json': PKG, '.doctrinesrc.json': { fix: { wrapper: { module: '@acme/otel', name: 'traced' } } } });
    expect((await load(pkg)).fix).toEqual({ wrapper: { module: '@acme/otel', name: 'traced' } });
    expect((await load(project({ 'package.json': PKG }))).fix).toBeUndefined();
  });

  it('unknown nested key names the full path', async () => {
    const dir = project({ 'package.json': PKG, '.doctrinesrc.yaml': 'telemetry:\n  emiters: [x]\n' });
    const msg = await usageError(dir);
    expect(msg).toContain(path.join(dir, '.doctrinesrc.yaml'));
    expect(msg).toContain('unknown key "telemetry.emiters" (allowed: emitters, decorators, wrappers, spanEnders, registry)');
  });

  it('wrong type in package.json#doctrines', async () => {
    const dir = project({ 'package.json': { ...PKG, doctrines: { callDepth: 'three' } } });
    const msg = await usageError(dir);
    expect(msg).toBe(
      `invalid config in ${path.join(dir, 'package.json')}#doctrines: "callDepth" must be an integer >= 0, got "three"`,
    );
  });

  it('out-of-range number', async () => {
    const dir = project({ 'package.json': PKG, '.doctrinesrc.json': { callDepth: -1 } });
    expect(await usageError(dir)).toContain('"callDepth" must be an integer >= 0, got -1');
  });

  it('wrong item type in a string list', async () => {
    const dir = project({ 'package.json': PKG, '.doctrinesrc.json': { exclude: ['ok', 3] } });
    expect(await usageError(dir)).toContain('"exclude[1]" must be a string, got 3');
  });

  it('wrong type for a boolean and for a list', async () => {
    const a = project({ 'package.json': PKG, '.doctrinesrc.json': { defaultIgnores: 'yes' } });
    expect(await usageError(a)).toContain('"defaultIgnores" must be true or false, got "yes"');
    const b = project({ 'package.json': PKG, '.doctrinesrc.json': { ui: { components: 'src/pages/**' } } });
    expect(await usageError(b)).toContain('"ui.components" must be an array of strings, got "src/pages/**"');
  });

  it('config that is not an object', async () => {
    const dir = project({ 'package.json': PKG, '.doctrinesrc': '- otel\n' });
    const msg = await usageError(dir);
    expect(msg).toContain(path.join(dir, '.doctrinesrc'));
    expect(msg).toContain('must be an object');
  });

  it('unknown pillar lists the known pillars', async () => {
    const dir = project({ 'package.json': PKG, '.doctrinesrc.json': { pillars: ['otel', 'logs'] } });
    const msg = await usageError(dir);
    expect(msg).toBe(
      `invalid config in ${path.join(dir, '.doctrinesrc.json')}: unknown pillar "logs" in "pillars" (known: otel)`,
    );
  });

  it('unknown rule lists the known rules', async () => {
    const dir = project({ 'package.json': PKG, '.doctrinesrc.json': { rules: { 'otel/nope': 'warn' } } });
    const msg = await usageError(dir);
    expect(msg).toBe(
      `invalid config in ${path.join(dir, '.doctrinesrc.json')}: unknown rule "otel/nope" in "rules" (known: otel/http-handler, otel/actor, otel/ui-component, otel/outbound-call)`,
    );
  });

  it('unknown rule without its pillar prefix gets a suggestion', async () => {
    const dir = project({ 'package.json': PKG, '.doctrinesrc.json': { rules: { 'http-handler': 'warn' } } });
    expect(await usageError(dir)).toContain('did you mean "otel/http-handler"?');
  });

  it('bad rule severity', async () => {
    const dir = project({ 'package.json': PKG, '.doctrinesrc.json': { rules: { 'otel/http-handler': 'warning' } } });
    const msg = await usageError(dir);
    expect(msg).toBe(
      `invalid config in ${path.join(dir, '.doctrinesrc.json')}: rules["otel/http-handler"] severity must be one of off, warn, error, got "warning"`,
    );
  });

  it('numeric (ESLint) severity is rejected with a hint', async () => {
    const dir = project({ 'package.json': PKG, '.doctrinesrc.json': { rules: { 'otel/actor': [2] } } });
    const msg = await usageError(dir);
    expect(msg).toContain('rules["otel/actor"] severity must be one of off, warn, error, got 2');
    expect(msg).toContain('use "error"');
  });

  it('rule setting with a non-object options item', async () => {
    const dir = project({ 'package.json': PKG, '.doctrinesrc.json': { rules: { 'otel/actor': ['warn', 'x'] } } });
    expect(await usageError(dir)).toContain('rules["otel/actor"] options (second item) must be an object, got "x"');
  });

  it('rule setting of the wrong shape', async () => {
    const dir = project({ 'package.json': PKG, '.doctrinesrc.json': { rules: { 'otel/actor': ['warn', {}, 1] } } });
    expect(await usageError(dir)).toContain('rules["otel/actor"] must be a severity (off, warn, error) or [severity]');
  });

  it('rule options that violate the rule options schema name the option', async () => {
    const dir = project({
      'package.json': PKG,
      '.doctrinesrc.json': { rules: { 'otel/outbound-call': ['error', { categories: ['http', 'grpc'] }] } },
    });
    const msg = await usageError(dir);
    expect(msg).toBe(
      `invalid config in ${path.join(dir, '.doctrinesrc.json')}: rules["otel/outbound-call"] option "categories[1]" must be one of http, sdk, db, got "grpc"`,
    );
  });

  it('unknown and mistyped rule options', async () => {
    const a = project({
      'package.json': PKG,
      '.doctrinesrc.json': { rules: { 'otel/outbound-call': ['warn', { categorys: ['http'] }] } },
    });
    const msgA = await usageError(a);
    expect(msgA).toContain('rules["otel/outbound-call"] unknown option "categorys" (allowed: categories, minCalls)');
    expect(msgA).toContain('did you mean "categories"?');

    const b = project({
      'package.json': PKG,
      '.doctrinesrc.json': { rules: { 'otel/outbound-call': ['warn', { minCalls: 0 }] } },
    });
    expect(await usageError(b)).toContain('rules["otel/outbound-call"] option "minCalls" must be an integer >= 1, got 0');
  });

  it('JSON syntax error names the file, on one line', async () => {
    const dir = project({ 'package.json': PKG, '.doctrinesrc.json': '{ "callDepth": 3 "pillars": [] }' });
    const msg = await usageError(dir);
    expect(msg).toMatch(new RegExp(`^cannot parse config file ${escape(path.join(dir, '.doctrinesrc.json'))}: \\S`));
  });

  it('YAML syntax error names the file, on one line', async () => {
    const dir = project({ 'package.json': PKG, '.doctrinesrc': 'callDepth: 3\n  pillars: [otel\n' });
    const msg = await usageError(dir);
    expect(msg).toMatch(new RegExp(`^cannot parse config file ${escape(path.join(dir, '.doctrinesrc'))}: \\S`));
  });

  it('broken package.json during the search', async () => {
    const dir = project({ 'package.json': '{ "name": ' });
    const msg = await usageError(dir);
    expect(msg).toContain(`cannot parse config file ${path.join(dir, 'package.json')}: `);
  });

  it('a JS config that throws names the file', async () => {
    const dir = project({ 'package.json': PKG, 'doctrines.config.mjs': `throw new Error('boom\\nsecond line');\n` });
    const msg = await usageError(dir);
    expect(msg).toBe(`cannot load config file ${path.join(dir, 'doctrines.config.mjs')}: boom`);
  });

  it('explicit config with an unsupported extension', async () => {
    const dir = project({ 'package.json': PKG, 'doctrines.toml': 'callDepth = 3\n' });
    const msg = await usageError(dir, 'doctrines.toml');
    expect(msg).toContain(path.join(dir, 'doctrines.toml'));
    expect(msg).toContain('unsupported file type');
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('extends', () => {
  it('merges presets, relative files and packages in order: settings and severities replaced, options kept, lists added up', async () => {
    const dir = project({
      'package.json': PKG,
      'node_modules/@acme/doctrines-config/package.json': { name: '@acme/doctrines-config', main: 'index.json' },
      'node_modules/@acme/doctrines-config/index.json': { callDepth: 5, telemetry: { emitters: ['acme.track'] }, exclude: ['gen/**'] },
      'config/base.yaml': [
        'pillars: [otel]',
        'tsconfig: ../tsconfig.base.json',
        'include: [lib/**]',
        'rules:',
        '  otel/outbound-call: [error, {categories: [http, db]}]',
        '  otel/actor: warn',
        'telemetry:',
        '  emitters: [metrics.*, acme.track]',
        '  wrappers: [withSpan]',
        'exclude: [legacy/**]',
        '',
      ].join('\n'),
      '.doctrinesrc.json': `// the project's config\n${JSON.stringify({
        extends: ['@acme/doctrines-config', './config/base'],
        include: ['src/**'],
        rules: { 'otel/outbound-call': 'warn', 'otel/actor': ['error'] },
        telemetry: { emitters: ['audit.record'] },
      })}`,
    });
    const c = await load(dir);
    expect(c.filepath).toBe(path.join(dir, '.doctrinesrc.json'));
    expect(c.extends).toEqual([path.join(dir, 'node_modules/@acme/doctrines-config/index.json'), path.join(dir, 'config/base.yaml')]);
    expect(c.callDepth).toBe(5);
    expect(c.include).toEqual(['src/**']);
    expect(c.exclude).toEqual(['gen/**', 'legacy/**']);
    expect(c.tsconfig).toBe(path.join(dir, 'tsconfig.base.json'));
    expect(c.telemetry.emitters).toEqual(['acme.track', 'metrics.*', 'audit.record']);
    expect(c.telemetry.wrappers).toEqual(['withSpan']);
    expect(c.rules['otel/outbound-call']).toEqual(['warn', { categories: ['http', 'db'] }]);
    expect(c.rules['otel/actor']).toEqual(['error', {}]);
  });

  it('extends a TypeScript file, which may import TypeScript in turn', async () => {
    const dir = project({
      'package.json': PKG,
      'config/names.ts': "export const emitters: string[] = ['audit.record'];\n",
      'config/base.ts': "import { emitters } from './names';\nexport default { telemetry: { emitters } };\n",
      '.doctrinesrc.yaml': 'extends: ./config/base\n',
    });
    const c = await load(dir);
    expect(c.extends).toEqual([path.join(dir, 'config/base.ts')]);
    expect(c.telemetry.emitters).toEqual(['audit.record']);
  });

  it('a later file giving options replaces the earlier options', async () => {
    const dir = project({
      'package.json': PKG,
      'base.json': { rules: { 'otel/outbound-call': ['error', { categories: ['http', 'db'] }] } },
      '.doctrinesrc.json': { extends: './base.json', rules: { 'otel/outbound-call': ['error', { categories: ['sdk'] }] } },
    });
    expect((await load(dir)).rules['otel/outbound-call']).toEqual(['error', { categories: ['sdk'] }]);
  });

  it('loads the shipped presets by name, without the project installing the package', async () => {
    const meta = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', 'dist', 'rule-meta.json'), 'utf8')) as {
      pillars: { id: string; rules: { id: string; defaultSeverity: string; optionsSchema?: object }[] }[];
      core: { id: string; defaultSeverity: string; optionsSchema?: object }[];
    };
    const all = [...meta.pillars.flatMap((p) => p.rules), ...meta.core];
    const real = { knownPillars: meta.pillars.map((p) => p.id), knownRules: new Map(all.map((r) => [r.id, { optionsSchema: r.optionsSchema }])) };
    const withPreset = async (preset: string) => {
      const dir = project({ 'package.json': PKG, '.doctrinesrc.json': { extends: `check-doctrines/${preset}` } });
      return loadConfig({ cwd: dir, ...real });
    };
    const strict = await withPreset('strict');
    expect(Object.keys(strict.rules).sort()).toEqual(all.map((r) => r.id).sort());
    expect(Object.values(strict.rules).every(([s]) => s === 'error')).toBe(true);
    expect(strict.rules['otel/outbound-call']![1]).toEqual({ categories: ['http', 'sdk', 'grpc', 'db', 'cache', 'queue'] });
    expect(strict.rules['otel/actor']![1]).toEqual({ lifecycle: true });
    const recommended = await withPreset('recommended');
    expect(Object.fromEntries(Object.entries(recommended.rules).map(([id, [s]]) => [id, s]))).toEqual(Object.fromEntries(all.map((r) => [r.id, r.defaultSeverity])));
    expect((await withPreset('sentry')).telemetry.emitters).toContain('Sentry.captureException');
    expect((await withPreset('datadog')).telemetry.emitters).toContain('datadogRum.addAction');
  });

  it('an unknown preset gets a suggestion; a missing file or package is named', async () => {
    const typo = project({ 'package.json': PKG, '.doctrinesrc.json': { extends: 'check-doctrines/stric' } });
    expect(await usageError(typo)).toMatch(/"extends" entry "check-doctrines\/stric" is not a preset .*did you mean "check-doctrines\/strict"\?/);
    const missing = project({ 'package.json': PKG, '.doctrinesrc.json': { extends: ['./nope.json'] } });
    expect(await usageError(missing)).toMatch(/\.doctrinesrc\.json: "extends" entry "\.\/nope\.json" names no file/);
    const pkg = project({ 'package.json': PKG, '.doctrinesrc.json': { extends: '@acme/missing' } });
    expect(await usageError(pkg)).toMatch(/"extends" entry "@acme\/missing" is not a package installed where \.doctrinesrc\.json is/);
  });

  it('an error inside an extended file names that file', async () => {
    const dir = project({
      'package.json': PKG,
      'shared/base.json': { rules: { 'otel/outbound-call': ['error', { categories: ['ftp'] }] } },
      '.doctrinesrc.json': { extends: './shared/base.json' },
    });
    const msg = await usageError(dir);
    expect(msg).toContain(path.join(dir, 'shared/base.json'));
    expect(msg).toMatch(/rules\["otel\/outbound-call"\] option "categories\[0\]"/);
  });

  it('a cycle is a one-line error showing it', async () => {
    const dir = project({ 'package.json': PKG, 'a.json': { extends: './b.json' }, 'b.json': { extends: ['./a.json'] } });
    expect(await usageError(dir, 'a.json')).toMatch(/"extends" makes a cycle \(a\.json -> b\.json -> a\.json\)/);
  });
});
