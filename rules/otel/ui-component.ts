import { defineRule } from '../../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'otel/ui-component',
    pillar: 'otel',
    description: 'Page-level UI components must emit telemetry on mount or in their event handlers.',
    defaultSeverity: 'warn',
    targetKind: 'ui-component',
    messages: {
      missing: '{{name}} page component ({{framework}}) emits no telemetry',
    },
    help: 'Emit on mount (a telemetry hook or an effect) or in its event handlers, or wrap the page in an instrumenting higher-order component.',
  },
  checkTarget(target, ctx) {
    if (!ctx.verdict().instrumented) ctx.report('missing', { name: target.name, framework: target.framework });
  },
});
