import { Controller, Get } from '@nestjs/common';
import { trace, SpanStatusCode } from '@opentelemetry/api';

const tracer = trace.getTracer('wrapped');

// No nestjs-otel here, and a method is not registered by a call: its body is wrapped.
@Controller('invoices')
export class InvoicesController {
  @Get()
  list(): string[] {
    return tracer.startActiveSpan('GET /invoices', (span): string[] => {
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

  // The declared return type goes on the callback: `return true` alone would widen to boolean.
  @Get('ready')
  async ready(): Promise<true> {
    return tracer.startActiveSpan('GET /invoices/ready', async (span): Promise<true> => {
      try {
        return true;
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
