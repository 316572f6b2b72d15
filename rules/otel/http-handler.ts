import { defineRule } from '../../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'otel/http-handler',
    pillar: 'otel',
    description: 'HTTP route handlers must emit telemetry (a span, event or metric carrying domain context).',
    defaultSeverity: 'error',
    targetKind: 'http-handler',
    requiresTypeChecking: false,
    messages: {
      missing:
        '{{name}} handler ({{framework}}) emits no telemetry: requests to this route are invisible in production beyond generic framework spans. ' +
        'Wrap the handler body in tracer.startActiveSpan(…), apply a tracing wrapper or decorator, or register emitting middleware before the route.',
    },
    help:
      'Open a span in the handler (tracer.startActiveSpan), wrap it (withSpan/traced), decorate it (@Span), or register middleware that emits before the route. ' +
      'Emissions in project functions the handler calls count too, up to callDepth calls deep.',
  },
  checkTarget(target, ctx) {
    if (!ctx.verdict().instrumented) ctx.report('missing', { name: target.name, framework: target.framework });
  },
});
