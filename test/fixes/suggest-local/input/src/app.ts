// Uninstrumented express handlers in three forms, one already instrumented, one whose body uses `span`.
import express from 'express';
import { context } from '@opentelemetry/api';
import { audit } from './audit';

const app = express();

app.get('/orders/:id', async (req, res) => {
  const id = req.params.id;
  if (!id) {
    return res.status(400).json({ error: 'id' });
  }
  res.json({ id, note: `order
${id}` });
});

app.post('/orders', (req, res) => res.status(201).json(req.body));

function listOrders(req: express.Request, res: express.Response) {
  const span = { name: 'not a span' };
  res.json([span.name, context.active() ? 'ctx' : '']);
}
app.get('/orders', listOrders);

// ok: instrumented through audit()
app.delete('/orders/:id', (req, res) => {
  audit(req.params.id);
  res.end();
});

export default app;
