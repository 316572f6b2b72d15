import { Controller, Get } from '@nestjs/common';

// No nestjs-otel here, and a method is not registered by a call: its body is wrapped.
@Controller('invoices')
export class InvoicesController {
  @Get()
  list(): string[] {
    return [];
  }

  // The declared return type goes on the callback: `return true` alone would widen to boolean.
  @Get('ready')
  async ready(): Promise<true> {
    return true;
  }
}
