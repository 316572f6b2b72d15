// A two-file service for tests of cross-file updates: /orders emits through a helper in another file (EMITTING),
// which can be swapped for one that emits nothing (SILENT); /health never emits.
export const EMITTING = `import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('orders');
export function recordOrder(id: string) {
  tracer.startActiveSpan('order', (span) => { span.setAttribute('order.id', id); span.end(); });
}
`;
export const SILENT = `export function recordOrder(id: string) {
  return id;
}
`;
export const ROUTES = `import express from 'express';
import { recordOrder } from './lib/telemetry';
const app = express();
app.post('/orders', (req, res) => {
  recordOrder(req.body.id);
  res.json({});
});
app.get('/health', (req, res) => res.json({ ok: true }));
`;
