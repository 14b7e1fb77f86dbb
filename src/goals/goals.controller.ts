import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiTokenAuth, BODY_ERRORS } from '../common/api-docs';
import { CurrentStaff, Principal, Roles } from '../staff/auth.decorators';
import { GoalsDto, UpdateGoalsDto } from './dto/goals.dto';
import { GoalsService, GoalsView } from './goals.service';

@ApiTags('goals')
@ApiTokenAuth()
@Controller('goals')
export class GoalsController {
  constructor(private readonly goals: GoalsService) {}

  @Get()
  @ApiOperation({
    summary: 'The service goals: reply time in working hours, and the satisfaction average',
    description: 'Every member of staff may read them; the reports and the task list measure against them.',
  })
  @ApiOkResponse({ type: GoalsDto })
  get(): Promise<GoalsView> {
    return this.goals.get();
  }

  @Put()
  @Roles('admin')
  @ApiOperation({
    summary: 'Change the service goals',
    description:
      'Fields left out keep their value; null clears a goal. A reply meets the response-time goal when its task is completed within ' +
      "`replyWithinMinutes` working minutes of its arrival, counted in the manager's working day (`workdayStart`–`workdayEnd`, Monday to " +
      "Friday, in the manager's own time zone): a reply at 20:00 on Friday answered at 09:30 on Monday took 30 minutes. Audited.",
  })
  @ApiOkResponse({ type: GoalsDto })
  @ApiErrors(
    ...BODY_ERRORS,
    [403, 'Admins only.'],
    [422, 'A goal out of range or of the wrong type, or a working day that ends before it starts; names the field.'],
  )
  update(@Body() body: UpdateGoalsDto, @CurrentStaff() staff: Principal): Promise<GoalsView> {
    return this.goals.update({ ...body }, staff.staffId);
  }
}
