import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiTokenAuth } from '../common/api-docs';
import { CurrentStaff, Principal, Roles } from '../staff/auth.decorators';
import { CreateSuppressionDto, ListSuppressionsQueryDto, SuppressionDto, SuppressionPageDto } from './dto/suppression.dto';
import { SuppressionPage, SuppressionsService, SuppressionView } from './suppressions.service';

@ApiTags('suppressions')
@ApiTokenAuth()
@ApiErrors([403, 'Admins only.'])
@Roles('admin')
@Controller('suppressions')
export class SuppressionsController {
  constructor(private readonly suppressions: SuppressionsService) {}

  @Get()
  @ApiOperation({ summary: 'List suppressed addresses, newest first', description: 'Pass `nextCursor` back as `cursor` until it is null.' })
  @ApiOkResponse({ type: SuppressionPageDto })
  @ApiErrors([400, 'A bad filter, limit or cursor.'])
  list(@Query() query: ListSuppressionsQueryDto): Promise<SuppressionPage> {
    return this.suppressions.list(query);
  }

  @Post()
  @ApiOperation({
    summary: 'Suppress an address',
    description: 'Pending touches on the channel to customers with this address are cancelled in the same request.',
  })
  @ApiCreatedResponse({ type: SuppressionDto })
  @ApiErrors([400, 'Bad channel, address, reason or customerId.'], [409, 'The address is suppressed on this channel already.'], 413, 415)
  add(@CurrentStaff() principal: Principal, @Body() body: CreateSuppressionDto): Promise<SuppressionView> {
    return this.suppressions.add(
      {
        channel: body.channel,
        address: body.address,
        customerId: body.customerId ?? null,
        reason: body.reason ?? 'admin',
        source: `admin:${principal.staffId}`,
      },
      principal.staffId,
    );
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Lift a suppression', description: "The customer's recorded consent is left as it is." })
  @ApiNoContentResponse({ description: 'Lifted.' })
  @ApiErrors([400, 'The id is not numeric.'], [404, 'No suppression has this id.'])
  lift(@CurrentStaff() principal: Principal, @Param('id') id: string): Promise<void> {
    return this.suppressions.liftById(id, principal.staffId);
  }
}
