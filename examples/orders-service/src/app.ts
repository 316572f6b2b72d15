import express from 'express';
import { ordersRouter } from './routes/orders.js';
import { getUser, listUsers } from './routes/users.js';

const app = express();
app.use(express.json());

app.use('/orders', ordersRouter);
app.get('/users/:id', getUser);
app.get('/users', listUsers);
app.get('/health', (_req, res) => {
  res.send('ok');
});

app.listen(3000);
