import { Hono } from 'hono';
import { load } from '../store.js';
import { SpanStatusCode } from '@opentelemetry/api';
import { tracer } from '../telemetry.js';

export const orders = new Hono();

orders.get('/orders/:id', async (c) => {
  return tracer.startActiveSpan('GET /orders/:id', async (span) => {
    try {
      const order = await load(c.req.param('id'));
      return c.json(order);
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw err;
    } finally {
      span.end();
    }
  });
});

orders.get('/health', (c) => tracer.startActiveSpan('GET /health', (span) => {
  try {
    return c.text("ok");
  } catch (err) {
    span.recordException(err as Error);
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw err;
  } finally {
    span.end();
  }
}));

// An expression body over several lines: a template literal's inner lines keep their text.
orders.get('/page', (c) =>
  tracer.startActiveSpan('GET /page', (span) => {
    try {
      return c.text(`<p>
  ${c.req.param('id')}
</p>`);
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw err;
    } finally {
      span.end();
    }
  }),
);
