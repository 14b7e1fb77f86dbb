import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentStaff, Principal, Roles } from '../staff/auth.decorators';
import { CreateSuppressionDto, ListSuppressionsQueryDto, SuppressionDto, SuppressionPageDto } from './dto/suppression.dto';
import { SuppressionPage, SuppressionsService, SuppressionView } from './suppressions.service';

@ApiTags('suppressions')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid bearer token.' })
@ApiForbiddenResponse({ description: 'Admins only.' })
@Roles('admin')
@Controller('suppressions')
export class SuppressionsController {
  constructor(private readonly suppressions: SuppressionsService) {}

  @Get()
  @ApiOperation({ summary: 'List suppressed addresses, newest first', description: 'Pass `nextCursor` back as `cursor` until it is null.' })
  @ApiOkResponse({ type: SuppressionPageDto })
  list(@Query() query: ListSuppressionsQueryDto): Promise<SuppressionPage> {
    return this.suppressions.list(query);
  }

  @Post()
  @ApiOperation({
    summary: 'Suppress an address',
    description: 'Pending touches on the channel to customers with this address are cancelled in the same request.',
  })
  @ApiCreatedResponse({ type: SuppressionDto })
  @ApiBadRequestResponse({ description: 'Bad channel, address, reason or customerId.' })
  @ApiConflictResponse({ description: 'The address is suppressed on this channel already.' })
  add(@CurrentStaff() principal: Principal, @Body() body: CreateSuppressionDto): Promise<SuppressionView> {
    return this.suppressions.add({
      channel: body.channel,
      address: body.address,
      customerId: body.customerId ?? null,
      reason: body.reason ?? 'admin',
      source: `admin:${principal.staffId}`,
    }, principal.staffId);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Lift a suppression', description: "The customer's recorded consent is left as it is." })
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  lift(@CurrentStaff() principal: Principal, @Param('id') id: string): Promise<void> {
    return this.suppressions.liftById(id, principal.staffId);
  }
}
