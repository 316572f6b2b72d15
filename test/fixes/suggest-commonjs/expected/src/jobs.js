const cron = require('node-cron');
const { trace, SpanStatusCode } = require('@opentelemetry/api');

const tracer = trace.getTracer('cjs-api');

cron.schedule('*/5 * * * *', async function syncInvoices() {
  return tracer.startActiveSpan('cron "*/5 * * * *" syncInvoices', async (span) => {
    try {
      await Promise.resolve('synced');
    } catch (err) {
      span.recordException(err);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw err;
    } finally {
      span.end();
    }
  });
});
