import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiTokenAuth } from '../common/api-docs';
import { ConflictError } from '../common/errors';
import { UuidParamPipe } from '../common/validation';
import { Roles } from '../staff/auth.decorators';
import { RunsQueryDto } from './dto/planner.dto';
import { PlanRunDto, RulePlanCountsDto, RunPageDto } from './dto/planner-response.dto';
import { PlanRun } from './plan-run.entity';
import { PlannerService, RunPage } from './planner.service';

@ApiTags('planner')
@ApiTokenAuth()
@ApiErrors([403, 'Admins only.'])
@ApiExtraModels(RulePlanCountsDto)
@Roles('admin')
@Controller('planner')
export class PlannerController {
  constructor(private readonly planner: PlannerService) {}

  @Post('run')
  @HttpCode(200)
  @ApiOperation({ summary: 'Plan now: every enabled rule over the horizon ahead; answers the run summary' })
  @ApiOkResponse({ type: PlanRunDto })
  @ApiErrors([409, 'A plan run is in progress.'])
  async run(): Promise<PlanRun> {
    const run = await this.planner.planOnce('manual');
    if (!run) throw new ConflictError('A plan run is in progress; try again when it has finished');
    return run;
  }

  @Get('runs')
  @ApiOperation({ summary: 'Plan runs, newest first' })
  @ApiOkResponse({ type: RunPageDto })
  @ApiErrors([400, 'A bad limit or offset.'])
  list(@Query() query: RunsQueryDto): Promise<RunPage> {
    return this.planner.listRuns(query.limit ?? 20, query.offset ?? 0);
  }

  @Get('runs/:id')
  @ApiOperation({ summary: 'One plan run with its counts per rule and per skip reason' })
  @ApiOkResponse({ type: PlanRunDto })
  @ApiErrors([400, 'The id is not a UUID.'], [404, 'No plan run has this id.'])
  get(@Param('id', UuidParamPipe) id: string): Promise<PlanRun> {
    return this.planner.getRun(id);
  }
}
