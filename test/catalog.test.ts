// `check-doctrines catalog`: what the example service and a helper-heavy project emit (names given through
// project helpers across files, re-exports, path aliases, namespace imports, helpers of helpers, imported
// constants), the formats and the JSON Schema, --changed-since against a git base, the registry's
// never-emitted entries, and bad input.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { buildCatalog, type TelemetryCatalog } from '../src/engine/telemetry-catalog.js';
import { tempProject } from './helpers/project.js';
import { expectOneLineError, runCli } from './helpers/cli.js';

const ROOT = path.resolve(__dirname, '..');
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'catalog.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true }).compile(schema);

/** `kind name [via …] @ file:line` per location, for comparing whole catalogues. */
function flat(c: TelemetryCatalog): string[] {
  return c.entries.flatMap((e) => e.locations.map((l) => `${e.kind} ${e.name}${l.via ? ` via ${l.via.join('>')}` : ''} @ ${l.file}:${l.line}`));
}

describe('catalog', () => {
  it('lists what examples/orders-service emits, through its inSpan helper', async () => {
    const c = await buildCatalog({ cwd: path.join(ROOT, 'examples', 'orders-service'), paths: [] });
    expect(flat(c)).toEqual([
      'span orders.find @ src/services/orders.ts:21',
      'span payments.charge via inSpan @ src/services/payments.ts:13',
      'span users.get via inSpan @ src/routes/users.ts:5',
      'metric orders.placed @ src/lib/telemetry.ts:5',
      'attribute order.id @ src/services/orders.ts:26',
      'attribute order.id @ src/services/payments.ts:14',
      'attribute user.id @ src/routes/users.ts:6',
    ]);
    const metric = c.entries.find((e) => e.kind === 'metric')!;
    expect(metric).toMatchObject({ instrument: 'counter', description: 'Orders accepted', dynamic: false });
    expect(validate(c), JSON.stringify(validate.errors)).toBe(true);
  });

  it('names the targets whose evidence passes through a location (--targets)', async () => {
    const c = await buildCatalog({ cwd: path.join(ROOT, 'examples', 'orders-service'), paths: [], targets: true, cache: false });
    const targets = c.entries.flatMap((e) => e.locations.filter((l) => l.targets).map((l) => `${e.name} @ ${l.file}:${l.line}: ${l.targets!.join(', ')}`));
    expect(targets).toEqual([
      'orders.find @ src/services/orders.ts:21: GET /orders/:id',
      // Through the inSpan helper: the chains step on the helper's call (an outbound call inside it; a handler).
      'payments.charge @ src/services/payments.ts:13: fetch',
      'users.get @ src/routes/users.ts:5: GET /users/:id',
    ]);
    expect(validate(c), JSON.stringify(validate.errors)).toBe(true);
    // Without --targets the analysis is not run and no location names a target.
    const plain = await buildCatalog({ cwd: path.join(ROOT, 'examples', 'orders-service'), paths: [] });
    expect(plain.entries.some((e) => e.locations.some((l) => l.targets))).toBe(false);
  });

  it('follows names through project helpers across files', async () => {
    const c = await buildCatalog({ cwd: path.join(ROOT, 'test', 'projects', 'catalog-helpers'), paths: [] });
    expect(flat(c)).toEqual([
      // A tsconfig path alias to a barrel that re-exports the helper.
      'span billing.invoice.create via inSpan @ src/billing/invoice.ts:6',
      // A namespace import of the helper's module; the name is a constant re-exported by the barrel.
      'span checkout.submit via inSpan @ src/checkout.ts:6',
      // The name as a property of the helper's options object (ctx.name; { name: spanName } destructured).
      'span jobs.compact via instrumentSync @ src/jobs.ts:5',
      'span jobs.nightly via instrumentAsync @ src/jobs.ts:4',
      // An aliased import, a name built at run time: a pattern.
      'span order {} via inSpan @ src/checkout.ts:7',
      // A helper of a helper, whose template adds a prefix.
      'span shop.orders.place via traced>inSpan @ src/orders/place.ts:4',
      'metric billing.invoice.duration via timer @ src/billing/invoice.ts:3',
      'event orders.placed @ src/orders/place.ts:4',
      // The key is the helper's parameter.
      'attribute billing.customer_tier via tag @ src/billing/invoice.ts:8',
      'attribute invoice.order_id @ src/billing/invoice.ts:7',
    ]);
    expect(c.entries.find((e) => e.name === 'order {}')!.dynamic).toBe(true);
    expect(c.entries.find((e) => e.kind === 'metric')).toMatchObject({ instrument: 'histogram', unit: 'ms', description: 'Duration of a shop operation' });
    // src/orders/unrelated.ts has a local inSpan of its own: nothing of it is listed.
    expect(flat(c).some((l) => l.includes('not.a.span'))).toBe(false);
    expect(validate(c), JSON.stringify(validate.errors)).toBe(true);
  });

  it('lists a helper nobody calls as its pattern', async () => {
    const dir = tempProject({
      'lib.ts': "import { trace } from '@opentelemetry/api';\nconst tracer = trace.getTracer('x');\nexport function job(name: string) {\n  return tracer.startSpan(`job ${name}`);\n}\n",
    });
    const c = await buildCatalog({ cwd: dir, paths: [] });
    expect(flat(c)).toEqual(['span job {} @ lib.ts:4']);
  });

  it('prints human and markdown, and JSON that validates', () => {
    const dir = path.join(ROOT, 'test', 'projects', 'catalog-helpers');
    const human = runCli(dir, ['catalog']);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('Spans (6)');
    expect(human.stdout).toMatch(/billing\.invoice\.create {2}via inSpan {2}src\/billing\/invoice\.ts:6/);
    expect(human.stdout).toMatch(/billing\.invoice\.duration {2}\[histogram, unit ms\]/);
    const md = runCli(dir, ['catalog', '--format', 'markdown']);
    expect(md.stdout).toContain('### Telemetry catalogue');
    expect(md.stdout).toContain('| span | `order {}` | built at run time | src/checkout.ts:7 |');
    const json = runCli(dir, ['catalog', '--format', 'json']);
    expect(validate(JSON.parse(json.stdout))).toBe(true);
  });

  it('says what a branch adds, removes and changes (--changed-since)', () => {
    const dir = tempProject({
      'package.json': '{"name":"shop"}',
      'src/app.ts': [
        "import { trace, metrics } from '@opentelemetry/api';",
        "const tracer = trace.getTracer('shop');",
        "const meter = metrics.getMeter('shop');",
        "export const orders = meter.createCounter('shop.orders', { unit: '1' });",
        'export function run() {',
        "  const span = tracer.startSpan('shop.run');",
        "  span.setAttribute('shop.old', 1);",
        '  span.end();',
        '}',
        '',
      ].join('\n'),
    });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '--allow-empty', '-m', 'root');
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'base');
    git('checkout', '-q', '-b', 'feature');
    // Working tree changes (uncommitted) count, as for the main command's --changed-since.
    const file = path.join(dir, 'src/app.ts');
    fs.writeFileSync(
      file,
      fs
        .readFileSync(file, 'utf8')
        .replace("{ unit: '1' }", "{ unit: '{order}' }")
        .replace("'shop.old'", "'shop.new'")
        .replace("span.end();", "span.addEvent('shop.ran');\n  span.end();"),
    );
    const r = runCli(dir, ['catalog', '--changed-since', 'main', '--format', 'json']);
    expect(r.stderr).toBe('');
    const c = JSON.parse(r.stdout) as TelemetryCatalog;
    expect(validate(c), JSON.stringify(validate.errors)).toBe(true);
    expect(c.changes!.base).toBe('main');
    expect(c.changes!.added.map((e) => `${e.kind} ${e.name}`)).toEqual(['event shop.ran', 'attribute shop.new']);
    expect(c.changes!.removed.map((e) => `${e.kind} ${e.name}`)).toEqual(['attribute shop.old']);
    expect(c.changes!.changed).toEqual([{ kind: 'metric', name: 'shop.orders', before: { instrument: 'counter', unit: '1' }, after: { instrument: 'counter', unit: '{order}' } }]);
    const md = runCli(dir, ['catalog', '--changed-since', 'main', '--format', 'markdown']);
    expect(md.stdout).toContain('### Telemetry changes since `main`');
    expect(md.stdout).toContain('**Added (2)**');
    // The analysed tree is left as it was: nothing written, no worktree added.
    expect(execFileSync('git', ['worktree', 'list'], { cwd: dir, encoding: 'utf8' }).trim().split('\n')).toHaveLength(1);
    expectOneLineError(runCli(dir, ['catalog', '--changed-since', 'no-such-branch']), /unknown git ref "no-such-branch" in --changed-since/);
  });

  it('lists what the registry declares and the code never emits', () => {
    const dir = tempProject({
      '.doctrinesrc.json': '{ "telemetry": { "registry": "registry" } }',
      'registry/shop.yaml': 'groups:\n  - id: metric.shop.orders\n    type: metric\n    metric_name: shop.orders\n    instrument: counter\n    unit: "1"\n  - id: metric.shop.refunds\n    type: metric\n    metric_name: shop.refunds\n    instrument: counter\n    unit: "1"\n',
      'app.ts': "import { metrics } from '@opentelemetry/api';\nexport const c = metrics.getMeter('s').createCounter('shop.orders');\n",
    });
    const r = runCli(dir, ['catalog', '--format', 'json']);
    const c = JSON.parse(r.stdout) as TelemetryCatalog;
    expect(c.registry).toEqual({ path: 'registry', notEmitted: [{ kind: 'metric', name: 'shop.refunds' }] });
    expect(runCli(dir, ['catalog']).stdout).toContain('never emitted (1)\n  metric shop.refunds');
  });

  it('fails with one line on bad input', () => {
    const dir = tempProject({ 'app.ts': 'export {};\n' });
    expectOneLineError(runCli(dir, ['catalog', '--format', 'sarif']), /unknown format "sarif" in catalog --format \(known: human, json, markdown\)/);
    expectOneLineError(runCli(dir, ['catalog', 'missing']), /path not found: missing/);
    expectOneLineError(runCli(dir, ['catalog', '--changed-since', 'main']), /needs a git repository/);
    const bad = tempProject({ '.doctrinesrc.json': '{ "telemetry": { "registry": "nowhere" } }', 'app.ts': 'export {};\n' });
    expectOneLineError(runCli(bad, ['catalog']), /"telemetry\.registry" in .*\.doctrinesrc\.json: no such folder/);
  });
});
