import { Controller, Get } from '@nestjs/common';
import { trace, SpanStatusCode } from '@opentelemetry/api';

const tracer = trace.getTracer('wrapped');

// No nestjs-otel here, and a method is not registered by a call: its body is wrapped.
@Controller('invoices')
export class InvoicesController {
  @Get()
  list(): string[] {
    return tracer.startActiveSpan('GET /invoices', (span) => {
      try {
        return [];
      } catch (err) {
        span.recordException(err as Error);
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw err;
      } finally {
        span.end();
      }
    });
  }
}
