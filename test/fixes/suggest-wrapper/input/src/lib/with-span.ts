import { trace } from '@opentelemetry/api';

const tracer = trace.getTracer('wrapped');

export function withSpan<A extends unknown[], R>(name: string, fn: (...args: A) => R): (...args: A) => R {
  return (...args: A) =>
    tracer.startActiveSpan(name, (span) => {
      try {
        return fn(...args);
      } finally {
        span.end();
      }
    });
}
