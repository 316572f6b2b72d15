import { defineRule } from '../../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'otel/http-handler',
    pillar: 'otel',
    description: 'HTTP route handlers must emit telemetry (a span, event or metric carrying domain context).',
    defaultSeverity: 'error',
    targetKind: 'http-handler',
    messages: {
      missing: '{{name}} handler ({{framework}}) emits no telemetry',
    },
    help: 'Open a span in the handler (tracer.startActiveSpan), wrap or decorate it (@Span), or register emitting middleware before the route.',
  },
  checkTarget(target, ctx) {
    if (!ctx.verdict().instrumented) ctx.report('missing', { name: target.name, framework: target.framework });
  },
});
