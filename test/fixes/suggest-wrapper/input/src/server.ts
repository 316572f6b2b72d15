import express, { type Request, type Response } from 'express';

const app = express();

app.get('/invoices/:id', (req, res) => {
  res.json({ id: req.params.id });
});

function createInvoice(req: Request, res: Response) {
  res.status(201).end();
}
app.post('/invoices', createInvoice);

export default app;
