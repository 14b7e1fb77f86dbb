import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Principal } from '../staff/auth.decorators';
import { TimelineQueryDto } from './dto/task.dto';
import { TimelinePage, TimelineService } from './timeline.service';

@ApiTags('customers')
@ApiBearerAuth()
@Controller('customers')
export class TimelineController {
  constructor(private readonly timeline: TimelineService) {}

  @Get(':externalId/timeline')
  @ApiOperation({
    summary: "A customer's history, newest first: orders, touches (what was sent, task outcomes), events and notes",
    description: 'Keyset pagination: pass `nextCursor` back as `cursor` until it is null.',
  })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse({ description: "A manager asked for another manager's customer." })
  get(@CurrentStaff() principal: Principal, @Param('externalId') externalId: string, @Query() query: TimelineQueryDto): Promise<TimelinePage> {
    return this.timeline.forCustomer(principal, externalId, query);
  }
}
