import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentStaff, Principal, Roles } from '../../staff/auth.decorators';
import { BulkReport } from '../customers/bulk-batch';
import { BulkReportDto, PageQueryDto } from '../customers/dto/customer.dto';
import { BulkOrdersDto, OrderPageDto } from './dto/order.dto';
import { OrderPage, OrdersService } from './orders.service';

@ApiTags('orders')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid bearer token.' })
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
  @ApiBadRequestResponse({ description: 'The body is not `{ orders: [1..10000 rows] }`.' })
  @ApiPayloadTooLargeResponse({ description: 'The body exceeds BODY_LIMIT.' })
  @ApiForbiddenResponse({ description: 'Admins only.' })
  async upsert(@Body() body: BulkOrdersDto): Promise<BulkReport> {
    return (await this.orders.upsertBulk(body.orders)).report;
  }

  @Get('customers/:externalId/orders')
  @ApiOperation({ summary: "A customer's orders, newest first", description: 'Keyset pagination: pass `nextCursor` back as `cursor`.' })
  @ApiOkResponse({ type: OrderPageDto })
  @ApiNotFoundResponse({ description: 'Unknown customer, or (for a manager) not their customer.' })
  list(
    @CurrentStaff() principal: Principal,
    @Param('externalId') externalId: string,
    @Query() query: PageQueryDto,
  ): Promise<OrderPage> {
    return this.orders.listForCustomer(principal, externalId, query);
  }
}
