import { Router } from 'express';
import { OrdersService } from '../services/orders.js';
import { PaymentsService } from '../services/payments.js';

const orders = new OrdersService(new PaymentsService());
export const ordersRouter = Router();

// Instrumented: OrdersService.place increments a counter and charges inside a span.
ordersRouter.post('/', async (req, res) => {
  res.status(201).json(await orders.place(req.body.id, req.body.amountCents));
});

// Not instrumented: find() emits nothing, so a slow lookup is invisible.
ordersRouter.get('/:id', async (req, res) => {
  res.json(await orders.find(req.params.id));
});

// Not instrumented: refunds leave no trace.
ordersRouter.delete('/:id', async (req, res) => {
  res.json(await orders.cancel(req.params.id));
});
