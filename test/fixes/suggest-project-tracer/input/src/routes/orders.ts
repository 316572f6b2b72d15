import { Hono } from 'hono';
import { load } from '../store.js';

export const orders = new Hono();

orders.get('/orders/:id', async (c) => {
  const order = await load(c.req.param('id'));
  return c.json(order);
});

orders.get('/health', (c) => c.text("ok"));

// An expression body over several lines: a template literal's inner lines keep their text.
orders.get('/page', (c) =>
  c.text(`<p>
  ${c.req.param('id')}
</p>`),
);
