import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiTokenAuth } from '../../common/api-docs';
import { CurrentStaff, Principal, Roles } from '../../staff/auth.decorators';
import { BulkReport } from './bulk-batch';
import { CustomerPage, CustomersService } from './customers.service';
import { CustomerView } from './customer-view';
import { BulkCustomersDto, BulkReportDto, CustomerDto, CustomerPageDto, ListCustomersQueryDto } from './dto/customer.dto';

@ApiTags('customers')
@ApiTokenAuth()
@Controller('customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Post('bulk')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Insert or update up to 10,000 customers by externalId',
    description:
      'Rows that fail validation are reported in `rejected` and the others are written; a request-level ' +
      'problem (not `{ customers: [...] }`, too many rows, body too large) answers 400 or 413 and writes nothing.',
  })
  @ApiOkResponse({ type: BulkReportDto })
  @ApiErrors([400, 'The body is not `{ customers: [1..10000 rows] }`.'], [403, 'Admins only.'], 413, 415)
  upsert(@Body() body: BulkCustomersDto): Promise<BulkReport> {
    return this.customers.upsertBulk(body.customers);
  }

  @Get()
  @ApiOperation({
    summary: 'List customers, by id, a page at a time',
    description: 'Keyset pagination: pass `nextCursor` back as `cursor` until it is null. Managers see only their own customers.',
  })
  @ApiOkResponse({ type: CustomerPageDto })
  @ApiErrors([400, 'A bad filter, limit or cursor.'], [403, 'A manager filtered by accountManagerId.'])
  list(@CurrentStaff() principal: Principal, @Query() query: ListCustomersQueryDto): Promise<CustomerPage> {
    return this.customers.list(principal, query);
  }

  @Get(':externalId')
  @ApiOperation({ summary: 'One customer with lifetime value, order count and last order time' })
  @ApiOkResponse({ type: CustomerDto })
  @ApiErrors(400, [404, 'Unknown, or (for a manager) not their customer.'])
  get(@CurrentStaff() principal: Principal, @Param('externalId') externalId: string): Promise<CustomerView> {
    return this.customers.get(principal, externalId);
  }

  @Delete(':externalId')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a customer and their orders' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiErrors(400, [403, 'Admins only.'], [404, 'Unknown customer.'])
  delete(@Param('externalId') externalId: string): Promise<void> {
    return this.customers.delete(externalId);
  }

  @Post(':externalId/anonymize')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: "Erase a customer's personal data, keeping the row and orders for aggregate reports",
    description:
      'Idempotent. An anonymized customer cannot be brought back by a later upsert. Erases every copy too: the messages sent ' +
      '(kept on touches), SMS replies, provider events and other timeline events, task notes and talking points, outbox files; ' +
      'suppressions of their addresses keep only a hash of the address and keep working.',
  })
  @ApiOkResponse({ type: CustomerDto })
  @ApiErrors(400, [403, 'Admins only.'], [404, 'Unknown customer.'])
  anonymize(@CurrentStaff() principal: Principal, @Param('externalId') externalId: string): Promise<CustomerView> {
    return this.customers.anonymize(externalId, principal.staffId);
  }
}
