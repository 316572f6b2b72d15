import { Worker } from 'bullmq';
import { trace, SpanStatusCode } from '@opentelemetry/api';

const tracer = trace.getTracer('@acme/orders');

export const worker = new Worker('invoices', async (job) => {
    return tracer.startActiveSpan('Worker(invoices)', async (span) => {
        try {
            const total = job.data.amount * 2;
            return total;
        } catch (err) {
            span.recordException(err as Error);
            span.setStatus({ code: SpanStatusCode.ERROR });
            throw err;
        } finally {
            span.end();
        }
    });
});
