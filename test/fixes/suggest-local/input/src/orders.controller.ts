import { Controller, Get, Param } from '@nestjs/common';

@Controller('orders')
export class OrdersController {
  @Get(':id')
  async findOne(@Param('id') id: string) {
    return { id };
  }
}
