import { traced } from '../telemetry/tracing';

export async function place() {
  return traced('orders.place', async (span) => span.addEvent('orders.placed'));
}
