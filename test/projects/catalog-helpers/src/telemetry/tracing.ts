import { trace, metrics, type Span } from '@opentelemetry/api';

const tracer = trace.getTracer('shop');
const meter = metrics.getMeter('shop');

/** Runs fn in a span named `name`. */
export function inSpan<T>(name: string, fn: (span: Span) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, async (span) => {
    try {
      return await fn(span);
    } finally {
      span.end();
    }
  });
}

/** A helper of a helper: the operation becomes part of the span name. */
export const traced = <T>(operation: string, fn: (span: Span) => Promise<T>) => inSpan(`shop.${operation}`, fn);

/** Tags the active span: the key is the caller's. */
export function tag(key: string, value: string) {
  trace.getActiveSpan()?.setAttribute(key, value);
}

/** A histogram per name, in milliseconds. */
export function timer(metricName: string) {
  return meter.createHistogram(metricName, { unit: 'ms', description: 'Duration of a shop operation' });
}

/** The name is a property of the options the caller passes. */
export function instrumentAsync<T>(ctx: { name: string; root?: boolean }, fn: () => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(ctx.name, { root: ctx.root }, async (span) => {
    try {
      return await fn();
    } finally {
      span.end();
    }
  });
}

/** The same, destructured. */
export function instrumentSync<T>({ name: spanName }: { name: string }, fn: () => T): T {
  const span = tracer.startSpan(spanName);
  try {
    return fn();
  } finally {
    span.end();
  }
}
