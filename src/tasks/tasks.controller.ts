import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiTokenAuth, ErrorSpec } from '../common/api-docs';
import { Clock } from '../common/clock';
import { CurrentStaff, Principal, Roles } from '../staff/auth.decorators';
import { PoolListDto, PromotionResultDto, TaskDto, TodayListDto } from './dto/task-response.dto';
import { CompleteTaskDto, NoteTaskDto, PoolQueryDto, ReassignTaskDto, SkipTaskDto, SnoozeTaskDto, TodayQueryDto } from './dto/task.dto';
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
      '`wrong_number` marks the phone invalid; `asked_not_to_call` suppresses calls to the customer and skips their other open calls.',
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
