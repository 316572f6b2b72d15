// Uninstrumented express handlers in three forms, one already instrumented, one whose body uses `span`.
import express from 'express';
import { context, trace, SpanStatusCode } from '@opentelemetry/api';
import { audit } from './audit';

const tracer = trace.getTracer('@acme/orders');

const app = express();

app.get('/orders/:id', async (req, res) => {
  return tracer.startActiveSpan('GET /orders/:id', async (span) => {
    try {
      const id = req.params.id;
      if (!id) {
        return res.status(400).json({ error: 'id' });
      }
      res.json({ id, note: `order
${id}` });
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw err;
    } finally {
      span.end();
    }
  });
});

app.post('/orders', (req, res) => tracer.startActiveSpan('POST /orders', (span) => {
  try {
    return res.status(201).json(req.body);
  } catch (err) {
    span.recordException(err as Error);
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw err;
  } finally {
    span.end();
  }
}));

function listOrders(req: express.Request, res: express.Response) {
  return tracer.startActiveSpan('GET /orders', (otelSpan) => {
    try {
      const span = { name: 'not a span' };
      res.json([span.name, context.active() ? 'ctx' : '']);
    } catch (err) {
      otelSpan.recordException(err as Error);
      otelSpan.setStatus({ code: SpanStatusCode.ERROR });
      throw err;
    } finally {
      otelSpan.end();
    }
  });
}
app.get('/orders', listOrders);

// ok: instrumented through audit()
app.delete('/orders/:id', (req, res) => {
  audit(req.params.id);
  res.end();
});

export default app;
