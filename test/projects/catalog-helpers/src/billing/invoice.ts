import { inSpan, tag, timer } from '@telemetry';

const invoiceTimer = timer('billing.invoice.duration');

export async function createInvoice(orderId: string) {
  return inSpan('billing.invoice.create', async (span) => {
    span.setAttribute('invoice.order_id', orderId);
    tag('billing.customer_tier', 'gold');
    invoiceTimer.record(12);
  });
}
