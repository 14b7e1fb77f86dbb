import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Clock } from '../common/clock';
import { CurrentStaff, Principal, Roles } from '../staff/auth.decorators';
import { CompleteTaskDto, NoteTaskDto, PoolQueryDto, ReassignTaskDto, SkipTaskDto, SnoozeTaskDto, TodayQueryDto } from './dto/task.dto';
import { PromotionResult, TaskPromoterService } from './task-promoter.service';
import { TaskView } from './task-view';
import { PoolList, TasksService } from './tasks.service';
import { TodayList } from './today';

@ApiTags('tasks')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid bearer token.' })
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
      'Open tasks due today or earlier (in the staff member\'s zone): overdue first, then priority, then customer value; ' +
      'with counts done, skipped and left. Admins may pass `staffId` for anyone\'s list. Talking points only with ' +
      '`include=talkingPoints` (they are most of the bytes); `GET /tasks/{id}` always has them.',
  })
  @ApiForbiddenResponse({ description: "A manager asked for another staff member's list." })
  today(@CurrentStaff() principal: Principal, @Query() query: TodayQueryDto): Promise<TodayList> {
    return this.tasks.today(principal, { staffId: query.staffId, kind: query.kind, talkingPoints: query.include === 'talkingPoints' });
  }

  @Get('pool')
  @ApiOperation({ summary: 'Open tasks of customers without an available account manager, to claim' })
  pool(@CurrentStaff() principal: Principal, @Query() query: PoolQueryDto): Promise<PoolList> {
    return this.tasks.pool(principal, query);
  }

  @Post('promote')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Turn due call and card touches into tasks now (workers also do it on their interval)' })
  promote(): Promise<PromotionResult> {
    return this.promoter.promote(this.clock.now());
  }

  @Get(':id')
  @ApiNotFoundResponse()
  @ApiForbiddenResponse({ description: "Another staff member's task." })
  get(@CurrentStaff() principal: Principal, @Param('id') id: string): Promise<TaskView> {
    return this.tasks.get(principal, id);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Complete with an outcome and a note',
    description: '`wrong_number` marks the phone invalid; `asked_not_to_call` suppresses calls to the customer and skips their other open calls.',
  })
  @ApiBadRequestResponse({ description: 'Unknown outcome, or one that does not fit the task kind.' })
  @ApiConflictResponse({ description: 'The task is closed already.' })
  complete(@CurrentStaff() principal: Principal, @Param('id') id: string, @Body() body: CompleteTaskDto): Promise<TaskView> {
    return this.tasks.complete(principal, id, body);
  }

  @Post(':id/snooze')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move to a later day' })
  @ApiConflictResponse({ description: 'The task is closed already.' })
  snooze(@CurrentStaff() principal: Principal, @Param('id') id: string, @Body() body: SnoozeTaskDto): Promise<TaskView> {
    return this.tasks.snooze(principal, id, body);
  }

  @Post(':id/reassign')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give to another staff member (admins) or back to the pool (staffId null; managers too)' })
  @ApiConflictResponse({ description: 'The task is closed already.' })
  reassign(@CurrentStaff() principal: Principal, @Param('id') id: string, @Body() body: ReassignTaskDto): Promise<TaskView> {
    return this.tasks.reassign(principal, id, body);
  }

  @Post(':id/claim')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take a task from the pool' })
  @ApiConflictResponse({ description: 'Closed, or not in the pool.' })
  claim(@CurrentStaff() principal: Principal, @Param('id') id: string): Promise<TaskView> {
    return this.tasks.claim(principal, id);
  }

  @Post(':id/skip')
  @HttpCode(200)
  @ApiOperation({ summary: 'Skip with a reason' })
  @ApiConflictResponse({ description: 'The task is closed already.' })
  skip(@CurrentStaff() principal: Principal, @Param('id') id: string, @Body() body: SkipTaskDto): Promise<TaskView> {
    return this.tasks.skip(principal, id, body);
  }

  @Post(':id/notes')
  @HttpCode(200)
  @ApiOperation({ summary: "Add a note to the customer's timeline about this task" })
  note(@CurrentStaff() principal: Principal, @Param('id') id: string, @Body() body: NoteTaskDto): Promise<TaskView> {
    return this.tasks.addNote(principal, id, body);
  }
}
