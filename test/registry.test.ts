// telemetry.registry: a Weaver registry folder read at config load (every problem a one-line exit-2 error
// naming the config file), what it declares, and otel/unregistered-telemetry turned on by it.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRegistry, registered } from '../src/config/registry.js';
import { tempProject } from './helpers/project.js';
import { expectOneLineError, runCli } from './helpers/cli.js';

const CODE = "import { trace } from '@opentelemetry/api';\nconst tracer = trace.getTracer('x');\nexport function f() {\n  const span = tracer.startSpan('shop.unknown');\n  span.end();\n}\n";

describe('telemetry.registry', () => {
  it('reads spans, metrics, events and attributes (with prefixes, refs and templates) from every YAML file', () => {
    const dir = tempProject({
      'reg/a.yaml': 'groups:\n  - id: registry.shop\n    type: attribute_group\n    prefix: shop\n    attributes:\n      - id: order.id\n        type: string\n      - id: header\n        type: template[string]\n',
      'reg/nested/b.yml':
        'groups:\n  - id: span.shop.checkout\n    type: span\n    attributes:\n      - ref: http.request.method\n  - id: metric.shop.orders\n    type: metric\n    metric_name: shop.orders\n  - id: event.shop.retried\n    type: event\n    name: shop.retried\n',
    });
    const r = loadRegistry(path.join(dir, 'reg'), 'test');
    expect(r).toMatchObject({ spans: ['shop.checkout'], metrics: ['shop.orders'], events: ['shop.retried'], attributes: ['http.request.method', 'shop.order.id'], attributePrefixes: ['shop.header'] });
    expect(registered(r, 'attribute', 'shop.header.x-id')).toBe(true);
    expect(registered(r, 'attribute', 'shop.headers')).toBe(false);
    expect(registered(r, 'span', 'shop.checkout')).toBe(true);
    expect(registered(r, 'metric', 'shop.checkout')).toBe(false);
  });

  it('a bad registry is a one-line config error', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ 'reg.yaml': 'groups: []\n' }, /"telemetry\.registry" in .*\.doctrinesrc\.json: not a folder/],
      [{ 'reg/readme.md': 'x' }, /no YAML files in/],
      [{ 'reg/a.yaml': 'groups:\n  - id: [unclosed\n' }, /cannot parse a\.yaml/],
      [{ 'reg/a.yaml': 'groups:\n  - type: span\n' }, /a\.yaml: groups\[0\] needs an "id"/],
      [{ 'reg/a.yaml': 'groups:\n  - id: metric.x\n    type: metric\n' }, /metric group "metric\.x" needs a "metric_name"/],
      [{ 'reg/a.yaml': 'other: 1\n' }, /no "groups" in the YAML files/],
    ];
    for (const [files, message] of cases) {
      const registry = Object.keys(files)[0] === 'reg.yaml' ? 'reg.yaml' : 'reg';
      const dir = tempProject({ ...files, '.doctrinesrc.json': JSON.stringify({ telemetry: { registry } }), 'app.ts': CODE });
      expectOneLineError(runCli(dir, ['--no-cache']), message);
    }
  });

  it('turns otel/unregistered-telemetry on at warn, unless the config sets the rule', () => {
    const files = { 'reg/a.yaml': 'groups:\n  - id: span.shop.checkout\n    type: span\n', 'app.ts': CODE };
    const on = tempProject({ ...files, '.doctrinesrc.json': '{ "telemetry": { "registry": "reg" } }' });
    const hits = JSON.parse(runCli(on, ['--no-cache', '--format', 'json']).stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'otel/unregistered-telemetry');
    expect(hits.map((f: { severity: string; message: string }) => `${f.severity}: ${f.message}`)).toEqual(["warn: Span 'shop.unknown' is not in the telemetry registry"]);
    const off = tempProject({ ...files, '.doctrinesrc.json': '{ "telemetry": { "registry": "reg" }, "rules": { "otel/unregistered-telemetry": "off" } }' });
    expect(JSON.parse(runCli(off, ['--no-cache', '--format', 'json']).stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'otel/unregistered-telemetry')).toEqual([]);
    // Without a registry the rule is off.
    const none = tempProject({ 'app.ts': CODE });
    expect(runCli(none, ['rules']).stdout).toMatch(/otel\/unregistered-telemetry\s+off/);
    expect(JSON.parse(runCli(none, ['--no-cache', '--format', 'json']).stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'otel/unregistered-telemetry')).toEqual([]);
  });
});
