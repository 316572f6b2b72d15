import { defineRule } from '../../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'otel/actor',
    pillar: 'otel',
    description: 'Long-lived message handlers (Durable Objects, queue processors, message consumers) must emit telemetry.',
    defaultSeverity: 'error',
    targetKind: 'actor',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        lifecycle: { type: 'boolean', description: 'Also require start/stop hooks (onModuleInit, onModuleDestroy, constructors with blockConcurrencyWhile) to emit.' },
        platformTracing: {
          enum: ['evidence', 'count'],
          description:
            "Platform tracing (BullMQ's telemetry option, Temporal's OpenTelemetry interceptors, Inngest's tracing middleware): 'evidence' names it in --explain only; 'count' accepts it as the handler's instrumentation. Temporal workflows count it either way.",
        },
      },
    },
    defaultOptions: { lifecycle: false, platformTracing: 'evidence' },
    messages: {
      missing: '{{name}} ({{framework}}) handles messages but emits no telemetry',
      lifecycle: '{{name}} ({{framework}}) start/stop hook emits no telemetry',
    },
    help: 'Open a span per message (tracer.startActiveSpan), record a metric per message, or decorate the handler (@Span).',
  },
  checkTarget(target, ctx) {
    // Adapters mark start/stop hooks with meta.lifecycle; they are targets only with the option on.
    const isLifecycle = target.meta?.lifecycle === true;
    if (isLifecycle && ctx.options.lifecycle !== true) return false;
    if (!ctx.verdict({ countPlatformTracing: ctx.options.platformTracing === 'count' }).instrumented) ctx.report(isLifecycle ? 'lifecycle' : 'missing', { name: target.name, framework: target.framework });
  },
});
