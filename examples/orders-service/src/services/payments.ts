import { inSpan } from '@/lib/telemetry.js';

const PAYMENTS_URL = process.env.PAYMENTS_URL ?? 'http://payments.internal';

export interface Charge {
  orderId: string;
  amountCents: number;
}

export class PaymentsService {
  async charge(charge: Charge) {
    // Instrumented: the call to the payments provider runs inside a span.
    return inSpan('payments.charge', async (span) => {
      span.setAttribute('order.id', charge.orderId);
      const res = await fetch(`${PAYMENTS_URL}/charges`, { method: 'POST', body: JSON.stringify(charge) });
      return { ok: res.ok, ...charge };
    });
  }

  async refund(orderId: string) {
    // Not instrumented: a slow or failing refund call leaves no trace.
    const res = await fetch(`${PAYMENTS_URL}/refunds/${orderId}`, { method: 'POST' });
    return { ok: res.ok, orderId };
  }
}
