import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiTokenAuth, ErrorSpec } from '../common/api-docs';
import { Clock } from '../common/clock';
import { CurrentStaff, Principal, Roles } from '../staff/auth.decorators';
import { HandoverResultDto, PoolListDto, PromotionResultDto, TaskDto, TodayListDto } from './dto/task-response.dto';
import { CompleteTaskDto, NoteTaskDto, PoolQueryDto, ReassignTaskDto, SkipTaskDto, SnoozeTaskDto, TodayQueryDto } from './dto/task.dto';
import { HandoverResult, HandoverService } from './handover.service';
import { PromotionResult, TaskPromoterService } from './task-promoter.service';
import { TaskView } from './task-view';
import { PoolList, TasksService } from './tasks.service';
import { TodayList } from './today';

const BAD_ID: ErrorSpec = [400, 'The id is not a task id (digits).'];
const BAD_ACTION: ErrorSpec = [400, 'The id is not a task id, or the body names a bad field (`errors` says which and why).'];
const NOT_YOURS: ErrorSpec = [403, "Another staff member's task, or (managers) a pool task not claimed first."];
const UNKNOWN_TASK: ErrorSpec = [404, 'No task has this id.'];
const CLOSED: ErrorSpec = [409, 'The task is closed already.'];

@ApiTags('tasks')
@ApiTokenAuth()
@Controller('tasks')
export class TasksController {
  constructor(
    private readonly tasks: TasksService,
    private readonly promoter: TaskPromoterService,
    private readonly handover: HandoverService,
    private readonly clock: Clock,
  ) {}

  @Get('today')
  @ApiOperation({
    summary: "The signed-in staff member's list for today",
    description:
      "Open tasks due today or earlier (in the staff member's zone): overdue first, then priority, then customer value; " +
      "with counts done, skipped and left. Admins may pass `staffId` for anyone's list. Talking points only with " +
      '`include=talkingPoints` (they are most of the bytes); `GET /tasks/{id}` always has them.',
  })
  @ApiOkResponse({ type: TodayListDto })
  @ApiErrors(
    [400, 'A bad kind, include or staffId.'],
    [403, "A manager asked for another staff member's list."],
    [404, 'No staff member has this id.'],
  )
  today(@CurrentStaff() principal: Principal, @Query() query: TodayQueryDto): Promise<TodayList> {
    return this.tasks.today(principal, { staffId: query.staffId, kind: query.kind, talkingPoints: query.include === 'talkingPoints' });
  }

  @Get('pool')
  @ApiOperation({ summary: 'Open tasks of customers without an available account manager, to claim' })
  @ApiOkResponse({ type: PoolListDto })
  @ApiErrors([400, 'A bad kind.'])
  pool(@CurrentStaff() principal: Principal, @Query() query: PoolQueryDto): Promise<PoolList> {
    return this.tasks.pool(principal, query);
  }

  @Post('promote')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Turn due call and card touches into tasks now (workers also do it on their interval)' })
  @ApiOkResponse({ type: PromotionResultDto })
  @ApiErrors([403, 'Admins only.'])
  promote(): Promise<PromotionResult> {
    return this.promoter.promote(this.clock.now());
  }

  @Post('handover')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Hand over and hand back tasks now (workers also do it on their interval)',
    description:
      "An open task moves to its holder's backup (or the pool when the backup is away or inactive too, or there is none) when the holder is " +
      "inactive or away on the task's day (its due date; today for an overdue task), and `handedOverFrom` names its owner. It goes back to " +
      'the owner once they are active and not away on its day, unless someone started on it since the handover: any action on it (a note, ' +
      'a snooze, a claim, a reassignment) counts. `PATCH /staff/{id}` does the same for that staff member at once; this sweep catches what ' +
      'time alone changes (an absence that starts or ends today). Each move is a `task_handed_over` or `task_handed_back` timeline event.',
  })
  @ApiOkResponse({ type: HandoverResultDto })
  @ApiErrors([403, 'Admins only.'])
  handOver(@CurrentStaff() principal: Principal): Promise<HandoverResult> {
    return this.handover.run(this.clock.now(), principal.staffId);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One task, with its talking points' })
  @ApiOkResponse({ type: TaskDto })
  @ApiErrors(BAD_ID, [403, "Another staff member's task."], UNKNOWN_TASK)
  get(@CurrentStaff() principal: Principal, @Param('id') id: string): Promise<TaskView> {
    return this.tasks.get(principal, id);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Complete with an outcome and a note',
    description:
      '`wrong_number` marks the phone invalid and closes the customer\'s other open call tasks as skipped ("The phone number is wrong"; ' +
      'their touches skipped as `no_address`); `asked_not_to_call` closes them the same way ("The customer asked not to be called"; ' +
      'touches `opted_out`) and suppresses calls to the number. `no_answer` and `left_voicemail` plan the next try when the rule has a ' +
      'follow-up for that outcome (`action.followUps`): a call touch due the given number of working days later, once per try however ' +
      "often the outcome is sent, until the rule's maxAttempts.",
  })
  @ApiOkResponse({ type: TaskDto })
  @ApiErrors([400, 'A bad id, an unknown outcome, or one that does not fit the task kind.'], NOT_YOURS, UNKNOWN_TASK, CLOSED, 413, 415)
  complete(@CurrentStaff() principal: Principal, @Param('id') id: string, @Body() body: CompleteTaskDto): Promise<TaskView> {
    return this.tasks.complete(principal, id, body);
  }

  @Post(':id/snooze')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move to a later day' })
  @ApiOkResponse({ type: TaskDto })
  @ApiErrors([400, 'A bad id, or `until` is not a later day within a year.'], NOT_YOURS, UNKNOWN_TASK, CLOSED, 413, 415)
  snooze(@CurrentStaff() principal: Principal, @Param('id') id: string, @Body() body: SnoozeTaskDto): Promise<TaskView> {
    return this.tasks.snooze(principal, id, body);
  }

  @Post(':id/reassign')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give to another staff member (admins) or back to the pool (staffId null; managers too)' })
  @ApiOkResponse({ type: TaskDto })
  @ApiErrors(
    [400, 'A bad id, or staffId is neither an active staff member nor null.'],
    [403, "Another staff member's task, or a manager giving a task to someone (only the pool is allowed)."],
    UNKNOWN_TASK,
    CLOSED,
    413,
    415,
  )
  reassign(@CurrentStaff() principal: Principal, @Param('id') id: string, @Body() body: ReassignTaskDto): Promise<TaskView> {
    return this.tasks.reassign(principal, id, body);
  }

  @Post(':id/claim')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take a task from the pool' })
  @ApiOkResponse({ type: TaskDto })
  @ApiErrors(BAD_ID, [403, "Another staff member's task."], UNKNOWN_TASK, [409, 'Closed, or not in the pool.'])
  claim(@CurrentStaff() principal: Principal, @Param('id') id: string): Promise<TaskView> {
    return this.tasks.claim(principal, id);
  }

  @Post(':id/skip')
  @HttpCode(200)
  @ApiOperation({ summary: 'Skip with a reason' })
  @ApiOkResponse({ type: TaskDto })
  @ApiErrors(BAD_ACTION, NOT_YOURS, UNKNOWN_TASK, CLOSED, 413, 415)
  skip(@CurrentStaff() principal: Principal, @Param('id') id: string, @Body() body: SkipTaskDto): Promise<TaskView> {
    return this.tasks.skip(principal, id, body);
  }

  @Post(':id/notes')
  @HttpCode(200)
  @ApiOperation({ summary: "Add a note to the customer's timeline about this task" })
  @ApiOkResponse({ type: TaskDto })
  @ApiErrors(BAD_ACTION, NOT_YOURS, UNKNOWN_TASK, 413, 415)
  note(@CurrentStaff() principal: Principal, @Param('id') id: string, @Body() body: NoteTaskDto): Promise<TaskView> {
    return this.tasks.addNote(principal, id, body);
  }
}
