import { defineRule } from '../../src/engine/rule.js';

const CATEGORIES = ['http', 'sdk', 'grpc', 'db', 'cache', 'queue'];
const DEFAULT_CATEGORIES = ['http', 'sdk', 'grpc'];

/** How a category reads in a message: "this HTTP dependency". */
const DEPENDENCY: Record<string, string> = {
  http: 'HTTP',
  sdk: 'cloud SDK',
  grpc: 'gRPC',
  db: 'database',
  cache: 'cache',
  queue: 'message broker',
};

export default defineRule({
  meta: {
    id: 'otel/outbound-call',
    pillar: 'otel',
    description:
      'Calls that leave the process (HTTP clients, cloud SDKs, gRPC; opt-in: databases, caches, queues) must run inside an instrumented scope or be covered by registered auto-instrumentation.',
    defaultSeverity: 'error',
    targetKind: 'outbound-call',
    requiresTypeChecking: false,
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
      missing:
        '{{call}} leaves the process without telemetry: the latency and failures of this {{dependency}} dependency are invisible in production and the trace is not propagated to it. ' +
        'Call it inside a span (tracer.startActiveSpan), wrap or decorate the enclosing function, or register auto-instrumentation for {{library}} ({{instrumentation}}).',
    },
    help:
      'Run the call inside an instrumented scope (a span callback, a function that emits, a function passed to a tracing wrapper or decorated with @Span), ' +
      'or register the OpenTelemetry instrumentation that covers the library (registerInstrumentations, getNodeAutoInstrumentations(), new NodeSDK({ instrumentations }), registerOTel).',
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
      dependency: DEPENDENCY[category] ?? category,
      instrumentation: target.autoInstrumentedBy?.[0] ?? 'its OpenTelemetry instrumentation',
    });
  },
});
