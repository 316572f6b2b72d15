import { defineRule } from '../../src/engine/rule.js';

const CATEGORIES = ['http', 'sdk', 'grpc', 'db', 'cache', 'queue'];
const DEFAULT_CATEGORIES = ['http', 'sdk', 'grpc'];

export default defineRule({
  meta: {
    id: 'otel/outbound-call',
    pillar: 'otel',
    description:
      'Calls that leave the process (HTTP clients, cloud SDKs, gRPC; opt-in: databases, caches, queues) must run inside an instrumented scope or be covered by registered auto-instrumentation.',
    defaultSeverity: 'error',
    targetKind: 'outbound-call',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        categories: {
          type: 'array',
          items: { type: 'string', enum: CATEGORIES },
          description: 'Which kinds of outbound call are targets (default: http, sdk, grpc).',
        },
      },
    },
    defaultOptions: { categories: DEFAULT_CATEGORIES },
    messages: {
      missing: '{{call}} runs outside any span, and no auto-instrumentation covers it ({{instrumentation}})',
    },
    help: "Call it inside a span (tracer.startActiveSpan), wrap or decorate the enclosing function, or register the library's OpenTelemetry instrumentation.",
  },
  checkTarget(target, ctx) {
    const categories = Array.isArray(ctx.options.categories) ? ctx.options.categories : DEFAULT_CATEGORIES;
    const category = String(target.meta?.category ?? 'http');
    if (!categories.includes(category)) return false;
    if (ctx.verdict().instrumented) return;
    const library = String(target.meta?.library ?? target.framework);
    ctx.report('missing', {
      call: target.name === library ? `${target.name}()` : `${target.name}() (${library})`,
      library,
      instrumentation: target.autoInstrumentedBy?.[0] ?? 'its OpenTelemetry instrumentation',
    });
  },
});
