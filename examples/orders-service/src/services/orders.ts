import { ordersPlaced, tracer } from '../lib/telemetry.js';
import { logger } from '../lib/logger.js';
import { PaymentsService } from './payments.js';

export class OrdersService {
  constructor(private readonly payments: PaymentsService) {}

  async place(orderId: string, amountCents: number) {
    ordersPlaced.add(1);
    logger.info({ orderId, amountCents }, 'order placed');
    return this.payments.charge({ orderId, amountCents });
  }

  async cancel(orderId: string) {
    // An interpolated message: the order id cannot be searched or grouped on.
    logger.info(`cancelling order ${orderId}`);
    return this.payments.refund(orderId);
  }

  async find(orderId: string) {
    const span = tracer.startSpan('orders.find');
    if (!orderId) {
      // The span is never ended on this path.
      return undefined;
    }
    span.setAttribute('order.id', orderId);
    span.end();
    return { orderId };
  }
}
