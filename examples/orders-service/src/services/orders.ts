import { ordersPlaced } from '../lib/telemetry.js';
import { PaymentsService } from './payments.js';

export class OrdersService {
  constructor(private readonly payments: PaymentsService) {}

  async place(orderId: string, amountCents: number) {
    ordersPlaced.add(1);
    return this.payments.charge({ orderId, amountCents });
  }

  async cancel(orderId: string) {
    return this.payments.refund(orderId);
  }

  async find(orderId: string) {
    return { orderId };
  }
}
