import * as telemetry from './telemetry/tracing';
import { CHECKOUT_SPAN } from './telemetry';
import { inSpan as span } from './telemetry/tracing';

export async function checkout(orderId: string) {
  await telemetry.inSpan(CHECKOUT_SPAN, async () => undefined);
  await span(`order ${orderId}`, async () => undefined);
}
