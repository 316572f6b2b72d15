import { trace, metrics, SpanStatusCode, type Span } from '@opentelemetry/api';

export const tracer = trace.getTracer('orders-service');
const meter = metrics.getMeter('orders-service');
export const ordersPlaced = meter.createCounter('orders.placed', { description: 'Orders accepted' });

/** Run `fn` inside a span named `name`, recording failures. */
export async function inSpan<T>(name: string, fn: (span: Span) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw err;
    } finally {
      span.end();
    }
  });
}
