import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiTokenAuth } from '../common/api-docs';
import { TimelinePageDto } from './dto/task-response.dto';
import { CurrentStaff, Principal } from '../staff/auth.decorators';
import { TimelineQueryDto } from './dto/task.dto';
import { TimelinePage, TimelineService } from './timeline.service';

@ApiTags('customers')
@ApiTokenAuth()
@Controller('customers')
export class TimelineController {
  constructor(private readonly timeline: TimelineService) {}

  @Get(':externalId/timeline')
  @ApiOperation({
    summary: "A customer's history, newest first: orders, touches (what was sent, task outcomes), events and notes",
    description:
      'Keyset pagination: pass `nextCursor` back as `cursor` until it is null. Event kinds include the task actions (`task_created`, ' +
      '`task_completed`, `task_snoozed`, `task_reassigned`, `task_skipped` with the reason, `task_moved`, `note`), `follow_up_planned` ' +
      '(a call outcome planned another try: `attempt`, `afterOutcome`, `followsTouchId`, its `state` and `reason`), and ' +
      '`task_handed_over` / `task_handed_back` (`from`, `to` and their names, the `owner`, `reason` away, inactive or back).',
  })
  @ApiOkResponse({ type: TimelinePageDto })
  @ApiErrors([400, 'A bad limit or cursor.'], [403, "A manager asked for another manager's customer."], [404, 'Unknown customer.'])
  get(
    @CurrentStaff() principal: Principal,
    @Param('externalId') externalId: string,
    @Query() query: TimelineQueryDto,
  ): Promise<TimelinePage> {
    return this.timeline.forCustomer(principal, externalId, query);
  }
}
