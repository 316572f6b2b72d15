import { Controller, Get, Param } from '@nestjs/common';
import { Span } from 'nestjs-otel';

@Controller('orders')
export class OrdersController {
  @Get(':id')
  @Span('GET /orders/:id')
  async findOne(@Param('id') id: string) {
    return { id };
  }
}
