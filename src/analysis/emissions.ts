// "What counts as an emission": one entry per family of telemetry API, each found through its imports.
// A new family is one entry here; every rule asks the merged model, none names a library itself.
import type { PartialModel } from './model.js';
import type { ResourceModel } from './handoff.js';

export interface EmissionFamily {
  /** Family name shown in evidence (`opentelemetry`, `sentry`, …). */
  family: string;
  model: PartialModel;
}

const OTEL_INSTRUMENTS = ['Counter', 'Histogram', 'UpDownCounter', 'Gauge'];
const OTEL_OBSERVABLES = ['ObservableGauge', 'ObservableCounter', 'ObservableUpDownCounter'];
const fromEntries = (keys: string[], value: string) => Object.fromEntries(keys.map((k) => [k, value]));

export const EMISSION_FAMILIES: EmissionFamily[] = [
  {
    family: 'opentelemetry',
    model: {
      imports: {
        '@opentelemetry/api': {
          '*': 'otel.api',
          default: 'otel.api',
          trace: 'otel.traceApi',
          metrics: 'otel.metricsApi',
          Span: 'otel.span',
          Tracer: 'otel.tracer',
          Meter: 'otel.meter',
          ...fromEntries(OTEL_INSTRUMENTS, 'otel.instrument'),
          ...fromEntries(OTEL_OBSERVABLES, 'otel.observable'),
        },
        '@opentelemetry/api-logs': { '*': 'otel.logsNs', logs: 'otel.logsApi', Logger: 'otel.logger' },
      },
      members: {
        'otel.api': { trace: 'otel.traceApi', metrics: 'otel.metricsApi' },
        'otel.traceApi': { 'getTracer()': 'otel.tracer', 'getActiveSpan()': 'otel.span', 'getSpan()': 'otel.span' },
        'otel.metricsApi': { 'getMeter()': 'otel.meter' },
        'otel.tracer': { 'startSpan()': 'otel.span' },
        'otel.meter': {
          ...fromEntries(OTEL_INSTRUMENTS.map((i) => `create${i}()`), 'otel.instrument'),
          ...fromEntries(OTEL_OBSERVABLES.map((i) => `create${i}()`), 'otel.observable'),
        },
        'otel.logsNs': { logs: 'otel.logsApi' },
        'otel.logsApi': { 'getLogger()': 'otel.logger' },
      },
      emits: {
        'otel.tracer': { 'startActiveSpan()': 'opentelemetry', 'startSpan()': 'opentelemetry' },
        'otel.span': {
          'addEvent()': 'opentelemetry',
          'setAttribute()': 'opentelemetry',
          'setAttributes()': 'opentelemetry',
          'recordException()': 'opentelemetry',
        },
        'otel.instrument': { 'add()': 'opentelemetry', 'record()': 'opentelemetry' },
        'otel.observable': { 'addCallback()': 'opentelemetry' },
        'otel.meter': { 'addBatchObservableCallback()': 'opentelemetry' },
        'otel.logger': { 'emit()': 'opentelemetry' },
      },
      callbackParams: { 'otel.tracer': { 'startActiveSpan()': 'otel.span' } },
    },
  },
  {
    family: 'nestjs-otel',
    model: {
      imports: { 'nestjs-otel': { MetricService: 'nestjsotel.metricService', TraceService: 'nestjsotel.traceService' } },
      members: {
        'nestjsotel.metricService': {
          'getCounter()': 'otel.instrument',
          'getHistogram()': 'otel.instrument',
          'getUpDownCounter()': 'otel.instrument',
          'getGauge()': 'otel.instrument',
          'getObservableGauge()': 'otel.observable',
          'getObservableCounter()': 'otel.observable',
          'getObservableUpDownCounter()': 'otel.observable',
        },
        'nestjsotel.traceService': { 'getSpan()': 'otel.span', 'getTracer()': 'otel.tracer' },
      },
      emits: { 'nestjsotel.traceService': { 'startSpan()': 'nestjs-otel' } },
    },
  },
  {
    family: 'diagnostics_channel',
    model: {
      imports: {
        diagnostics_channel: {
          '*': 'dc.module',
          default: 'dc.module',
          channel: 'dc.channelFn',
          tracingChannel: 'dc.tracingChannelFn',
          Channel: 'dc.channel',
        },
      },
      members: {
        'dc.module': { 'channel()': 'dc.channel', 'tracingChannel()': 'dc.tracing' },
        'dc.channelFn': { '()': 'dc.channel' },
        'dc.tracingChannelFn': { '()': 'dc.tracing' },
      },
      emits: {
        'dc.channel': { 'publish()': 'diagnostics_channel' },
        'dc.tracing': {
          'traceSync()': 'diagnostics_channel',
          'tracePromise()': 'diagnostics_channel',
          'traceCallback()': 'diagnostics_channel',
        },
      },
    },
  },
  {
    family: 'sentry',
    model: {
      imports: {
        '@sentry/*': {
          '*': 'sentry.ns',
          startSpan: 'sentry.startSpan',
          startInactiveSpan: 'sentry.startSpan',
          startSpanManual: 'sentry.startSpan',
          // @sentry/react: component mount/update spans.
          withProfiler: 'sentry.profiler',
          useProfiler: 'sentry.profiler',
          Profiler: 'sentry.profiler',
          // Wrappers that open a span around what they are given: a Next.js server action's body, every
          // procedure of a tRPC builder (`t.procedure.use(trpcMiddleware())`), every handler of an MCP server.
          withServerActionInstrumentation: 'sentry.startSpan',
          trpcMiddleware: 'sentry.startSpan',
          wrapMcpServerWithSentry: 'sentry.startSpan',
          // Cron monitoring: a check-in per run (`withMonitor(slug, fn)` wraps the run), and the libraries
          // instrumented by `cron.instrumentNodeCron(cron)` / `cron.instrumentCron(CronJob, slug)`, whose jobs the
          // scheduled-job adapters count as covered.
          withMonitor: 'sentry.monitor',
          captureCheckIn: 'sentry.monitor',
          cron: 'sentry.cron',
          // The active span (attributes set on it are emissions, as on OpenTelemetry's) and Sentry metrics.
          getActiveSpan: 'sentry.getActiveSpan',
          metrics: 'sentry.metrics',
        },
      },
      members: {
        'sentry.ns': { cron: 'sentry.cron', 'getActiveSpan()': 'otel.span', metrics: 'sentry.metrics' },
        'sentry.cron': { 'instrumentNodeCron()': 'sentry.monitoredNodeCron', 'instrumentCron()': 'sentry.monitoredCronJob' },
        'sentry.getActiveSpan': { '()': 'otel.span' },
      },
      emits: {
        'sentry.startSpan': { '()': 'sentry' },
        'sentry.profiler': { '()': 'sentry' },
        'sentry.monitor': { '()': 'sentry' },
        'sentry.metrics': Object.fromEntries(['count', 'increment', 'distribution', 'gauge', 'set', 'timing'].map((m) => [`${m}()`, 'sentry'])),
        'sentry.ns': {
          'startSpan()': 'sentry',
          'startInactiveSpan()': 'sentry',
          'startSpanManual()': 'sentry',
          'withProfiler()': 'sentry',
          'useProfiler()': 'sentry',
          'withServerActionInstrumentation()': 'sentry',
          'trpcMiddleware()': 'sentry',
          'wrapMcpServerWithSentry()': 'sentry',
          'withMonitor()': 'sentry',
          'captureCheckIn()': 'sentry',
        },
      },
    },
  },
  {
    // Elysia's OpenTelemetry plugin: its `opentelemetry()` plugin is a generic span per request (no emission
    // here), but `record(name, fn)` / `startActiveSpan` open a span of the project's own, `setAttributes`
    // and `getCurrentSpan()` reach the request's span.
    family: 'opentelemetry',
    model: {
      imports: {
        '@elysiajs/opentelemetry': {
          record: 'elysiaOtel.span',
          startActiveSpan: 'elysiaOtel.span',
          setAttributes: 'elysiaOtel.span',
          getCurrentSpan: 'elysiaOtel.currentSpan',
          getTracer: 'elysiaOtel.getTracer',
        },
      },
      members: { 'elysiaOtel.currentSpan': { '()': 'otel.span' }, 'elysiaOtel.getTracer': { '()': 'otel.tracer' } },
      emits: { 'elysiaOtel.span': { '()': 'opentelemetry' } },
    },
  },
  {
    family: 'dd-trace',
    model: {
      imports: { 'dd-trace': { default: 'dd.tracer', '*': 'dd.tracer', tracer: 'dd.tracer', Tracer: 'dd.tracer' } },
      // `tracer.dogstatsd`: the DogStatsD metrics client that comes with the tracer.
      // `tracer.startSpan()` and `tracer.scope().active()` give spans; `tracer.trace(name, (span) => …)` hands one over.
      members: {
        'dd.tracer': { 'init()': 'dd.tracer', tracer: 'dd.tracer', 'scope()': 'dd.scope', dogstatsd: 'dd.dogstatsd', 'startSpan()': 'dd.span' },
        'dd.scope': { 'active()': 'dd.span' },
        'dd.span': { 'context()': 'dd.spanContext' },
      },
      callbackParams: { 'dd.tracer': { 'trace()': 'dd.span' } },
      emits: {
        'dd.tracer': { 'trace()': 'dd-trace', 'wrap()': 'dd-trace', 'startSpan()': 'dd-trace' },
        // Activating a span makes it the parent of what the callback does; tags on a span (the active one
        // included: `tracer.scope().active()?.setTag(…)`) are domain telemetry.
        'dd.scope': { 'activate()': 'dd-trace' },
        'dd.span': { 'setTag()': 'dd-trace', 'addTags()': 'dd-trace', 'log()': 'dd-trace', 'setOperationName()': 'dd-trace' },
        'dd.dogstatsd': { 'increment()': 'dd-trace', 'decrement()': 'dd-trace', 'gauge()': 'dd-trace', 'distribution()': 'dd-trace', 'histogram()': 'dd-trace' },
      },
    },
  },
  {
    family: 'prom-client',
    model: {
      imports: {
        'prom-client': {
          '*': 'prom.module',
          default: 'prom.module',
          Counter: 'prom.metricClass',
          Gauge: 'prom.metricClass',
          Histogram: 'prom.metricClass',
          Summary: 'prom.metricClass',
        },
      },
      members: {
        'prom.module': {
          Counter: 'prom.metricClass',
          Gauge: 'prom.metricClass',
          Histogram: 'prom.metricClass',
          Summary: 'prom.metricClass',
        },
        'prom.metricClass': { new: 'prom.metric', ':': 'prom.metric' },
        'prom.metric': { 'labels()': 'prom.metric' },
      },
      emits: {
        'prom.metric': {
          'inc()': 'prom-client',
          'dec()': 'prom-client',
          'set()': 'prom-client',
          'observe()': 'prom-client',
          'startTimer()': 'prom-client',
        },
      },
    },
  },
  {
    family: 'statsd',
    model: {
      imports: {
        'hot-shots': { default: 'statsd.class', StatsD: 'statsd.class' },
        'node-statsd': { default: 'statsd.class', StatsD: 'statsd.class' },
        'statsd-client': { default: 'statsd.class' },
      },
      members: {
        'statsd.class': { new: 'statsd.client', ':': 'statsd.client' },
        'statsd.client': { 'childClient()': 'statsd.client' },
      },
      emits: {
        'statsd.client': Object.fromEntries(
          ['increment', 'decrement', 'timing', 'histogram', 'distribution', 'gauge', 'set', 'timer', 'asyncTimer', 'asyncDistTimer', 'event'].map(
            (m) => [`${m}()`, 'statsd'],
          ),
        ),
      },
    },
  },
  {
    // AWS Lambda Powertools: the Tracer's annotations, metadata and subsegments, the Metrics utility's
    // metrics, and their middy middlewares (`captureLambdaHandler(tracer)` opens a subsegment per
    // invocation; `logMetrics(metrics)` publishes the invocation's metrics). The decorator forms
    // (`@tracer.captureLambdaHandler()`, `@metrics.logMetrics()`) are in BUILTIN_TELEMETRY_DECORATORS.
    family: 'aws-lambda-powertools',
    model: {
      imports: {
        '@aws-lambda-powertools/tracer': { Tracer: 'powertools.TracerClass', captureLambdaHandler: 'powertools.middleware' },
        '@aws-lambda-powertools/tracer/middleware': { captureLambdaHandler: 'powertools.middleware' },
        '@aws-lambda-powertools/metrics': { Metrics: 'powertools.MetricsClass', logMetrics: 'powertools.middleware' },
        '@aws-lambda-powertools/metrics/middleware': { logMetrics: 'powertools.middleware' },
      },
      members: {
        'powertools.TracerClass': { new: 'powertools.tracer', ':': 'powertools.tracer' },
        'powertools.MetricsClass': { new: 'powertools.metrics', ':': 'powertools.metrics' },
        'powertools.metrics': { 'singleMetric()': 'powertools.metrics' },
        'powertools.tracer': { 'getSegment()': 'powertools.segment', provider: 'powertools.provider' },
      },
      emits: {
        'powertools.tracer': Object.fromEntries(
          ['putAnnotation', 'putMetadata', 'captureAsyncFunc', 'captureFunc', 'addErrorAsMetadata', 'addResponseAsMetadata'].map((m) => [`${m}()`, 'aws-lambda-powertools']),
        ),
        'powertools.metrics': { 'addMetric()': 'aws-lambda-powertools', 'publishStoredMetrics()': 'aws-lambda-powertools' },
        'powertools.middleware': { '()': 'aws-lambda-powertools' },
        // `tracer.provider.captureAsyncFunc('### handler', async (segment) => …)`: a subsegment around the callback.
        'powertools.provider': { 'captureAsyncFunc()': 'aws-lambda-powertools', 'captureFunc()': 'aws-lambda-powertools' },
        // A manual subsegment: `tracer.getSegment()?.addNewSubsegment('### charge')`.
        'powertools.segment': { 'addNewSubsegment()': 'aws-lambda-powertools', 'addAnnotation()': 'aws-lambda-powertools', 'addMetadata()': 'aws-lambda-powertools' },
      },
    },
  },
];

/**
 * Method decorators that mean "this method is traced or metered" (nestjs-otel and common libraries);
 * `@SentryCron` / `@SentryTraced` (`@sentry/nestjs`): a check-in per run of a scheduled method, a span per call.
 */
export const BUILTIN_TELEMETRY_DECORATORS = [
  'Span',
  'Traceable',
  'OtelMethodCounter',
  'OtelInstanceCounter',
  'Trace',
  'WithSpan',
  'Instrument',
  'SentryCron',
  'SentryTraced',
  // AWS Lambda Powertools: `@tracer.captureLambdaHandler()`, `@tracer.captureMethod()`, `@metrics.logMetrics()`.
  'captureLambdaHandler',
  'captureMethod',
  'logMetrics',
];

/**
 * OpenTelemetry spans, for `otel/span-lifecycle`: the tracer kind that starts them (and, for a receiver of
 * unknown origin, the names trusted as tracers: `tracer`, `…Tracer`, also `this.tracer`), how each start
 * method hands the span over, and what the span's methods do.
 */
export const SPAN_LIFECYCLE: {
  tracerKind: string;
  tracerName: RegExp;
  starts: ReadonlyMap<string, 'returned' | 'callback'>;
  span: ResourceModel;
  /** What `--fix` writes in a catch that neither records nor sets an error status. */
  recordError: { record: string; setStatus: string; module: string; statusEnum: string; errorMember: string };
} = {
  tracerKind: 'otel.tracer',
  tracerName: /^(tracer|[a-z]\w*Tracer)$/,
  starts: new Map([
    ['startSpan', 'returned'],
    ['startActiveSpan', 'callback'],
  ]),
  span: {
    ends: new Set(['end']),
    records: new Set(['recordException', 'setStatus']),
    chainable: new Set(['setAttribute', 'setAttributes', 'addEvent', 'addLink', 'addLinks', 'setStatus', 'updateName']),
    plumbing: new Set(['setSpan']),
  },
  recordError: { record: 'recordException', setStatus: 'setStatus', module: '@opentelemetry/api', statusEnum: 'SpanStatusCode', errorMember: 'ERROR' },
};
