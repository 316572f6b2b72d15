import { trace } from '@opentelemetry/api';

export function audit(id: string): void {
  trace.getTracer('audit').startActiveSpan('audit', (span) => {
    span.setAttribute('order.id', id);
    span.end();
  });
}
