import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiTokenAuth } from '../../common/api-docs';
import { CurrentStaff, Principal, Roles } from '../../staff/auth.decorators';
import { BulkReport } from '../customers/bulk-batch';
import { BulkReportDto, PageQueryDto } from '../customers/dto/customer.dto';
import { BulkOrdersDto, OrderPageDto } from './dto/order.dto';
import { OrderPage, OrdersService } from './orders.service';

@ApiTags('orders')
@ApiTokenAuth()
@Controller()
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post('orders/bulk')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Insert or update up to 10,000 orders by externalId',
    description:
      'Each order names its customer by customerExternalId; an existing order may change status, total or ' +
      'customer. Lifetime value, order count and last order time of every customer touched are refreshed in ' +
      'the same transaction. Bad rows are reported in `rejected`.',
  })
  @ApiOkResponse({ type: BulkReportDto })
  @ApiErrors([400, 'The body is not `{ orders: [1..10000 rows] }`.'], [403, 'Admins only.'], 413, 415, [
    422,
    "A customer's lifetime value would exceed the largest amount that can be stored; nothing is written.",
  ])
  async upsert(@Body() body: BulkOrdersDto): Promise<BulkReport> {
    return (await this.orders.upsertBulk(body.orders)).report;
  }

  @Get('customers/:externalId/orders')
  @ApiOperation({ summary: "A customer's orders, newest first", description: 'Keyset pagination: pass `nextCursor` back as `cursor`.' })
  @ApiOkResponse({ type: OrderPageDto })
  @ApiErrors([400, 'A bad limit or cursor.'], [404, 'Unknown customer, or (for a manager) not their customer.'])
  list(@CurrentStaff() principal: Principal, @Param('externalId') externalId: string, @Query() query: PageQueryDto): Promise<OrderPage> {
    return this.orders.listForCustomer(principal, externalId, query);
  }
}
