import express, { type Request, type Response } from 'express';
import { withSpan } from './lib/with-span';

const app = express();

app.get('/invoices/:id', withSpan('GET /invoices/:id', (req, res) => {
  res.json({ id: req.params.id });
}));

function createInvoice(req: Request, res: Response) {
  res.status(201).end();
}
app.post('/invoices', withSpan('POST /invoices', createInvoice));

export default app;
