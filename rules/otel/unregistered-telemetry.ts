import type { ts } from '#ts';
import { defineRule } from '../../src/engine/rule.js';
import { registered } from '../../src/config/registry.js';
import { attributeEntries, mayNameTelemetry, telemetryCall } from '../../src/analysis/telemetry-calls.js';
import { isLiteral, nameParts } from '../../src/analysis/telemetry-names.js';

const WHAT = { span: 'Span', metric: 'Metric', event: 'Event', log: 'Log record', attribute: 'Attribute' } as const;

export default defineRule({
  meta: {
    id: 'otel/unregistered-telemetry',
    pillar: 'otel',
    description: "Every span, metric, event and attribute the code emits is declared in the team's telemetry registry (telemetry.registry, Weaver format).",
    defaultSeverity: 'off',
    enabledBy: 'telemetry.registry',
    messages: {
      unregistered: "{{what}} '{{name}}' is not in the telemetry registry",
    },
    help: 'Declare it in the registry (telemetry.registry), or use the name the registry declares.',
  },
  create(ctx) {
    const registry = ctx.config.telemetry.registry;
    // Without a registry there is nothing to compare with (the rule is off unless one is configured).
    if (!registry) return {};
    const names = { imports: ctx.imports, kindOf: (e: ts.Node) => ctx.kindOf(e) };
    const text = (n: ts.Node) => ctx.text(n);
    const judge = (node: ts.Node, kind: keyof typeof WHAT, expr: ts.Expression | undefined, literal?: string) => {
      let name = literal;
      if (name === undefined && expr) {
        const parts = nameParts(names, expr, text);
        // Only names known here: a name built at run time, or imported, is the catalogue's to list.
        if (!isLiteral(parts)) return;
        name = parts.join('');
      }
      if (name === undefined || registered(registry, kind, name)) return;
      ctx.report(node, 'unregistered', { what: WHAT[kind], name });
    };
    return {
      CallExpression(call: ts.CallExpression) {
        if (!mayNameTelemetry(call)) return;
        const t = telemetryCall(names, call, text);
        if (!t) return;
        if (t.name && t.kind !== 'log') judge(t.name, t.kind, t.name);
        for (const e of t.attributes ? attributeEntries(t.attributes) : []) judge(e.key, 'attribute', e.keyExpr, e.text);
      },
    };
  },
});
