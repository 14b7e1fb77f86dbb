import { BadRequestException, Controller, Get, HttpCode, Param, PipeTransform, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiTokenAuth } from '../common/api-docs';
import { UuidParamPipe } from '../common/validation';
import { CurrentStaff, Principal, Roles } from '../staff/auth.decorators';
import { TouchQueryDto } from './dto/touch-query.dto';
import { CancelledCountDto, TouchDetailDto, TouchPageDto } from './dto/touch-response.dto';
import { TouchDetail, TouchesService, TouchPage } from './touches.service';

/** Touch ids are bigints: kept as strings, checked for digits only. */
class TouchIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^\d{1,18}$/.test(value)) {
      throw new BadRequestException({ message: 'Invalid touch id', errors: [{ field: 'id', reason: 'must be a touch id (digits)' }] });
    }
    return value;
  }
}

@ApiTags('touches')
@ApiTokenAuth()
@Controller()
export class TouchesController {
  constructor(private readonly touches: TouchesService) {}

  @Get('touches')
  @ApiOperation({
    summary: 'Search the touch ledger',
    description:
      'Filters combine with AND. Pages are ordered by scheduled time then id; pass `nextCursor` as `cursor` for the next page. ' +
      'A manager sees only touches of customers they manage.',
  })
  @ApiOkResponse({ type: TouchPageDto })
  @ApiErrors([400, 'A bad filter, limit or cursor.'])
  search(@Query() query: TouchQueryDto, @CurrentStaff() staff: Principal): Promise<TouchPage> {
    return this.touches.search(query, staff);
  }

  @Get('touches/:id')
  @ApiOperation({ summary: 'One touch, with what was rendered for it' })
  @ApiOkResponse({ type: TouchDetailDto })
  @ApiErrors([400, 'The id is not a touch id (digits).'], [404, 'Unknown touch, or (for a manager) not one of their customers.'])
  get(@Param('id', TouchIdPipe) id: string, @CurrentStaff() staff: Principal): Promise<TouchDetail> {
    return this.touches.get(id, staff);
  }

  @Post('touches/:id/cancel')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a planned or queued touch (reason cancelled_by_admin); any other state answers 409 naming it' })
  @ApiOkResponse({ type: TouchDetailDto })
  @ApiErrors(
    [400, 'The id is not a touch id (digits).'],
    [403, 'Admins only.'],
    [404, 'Unknown touch.'],
    [409, 'The touch is neither planned nor queued.'],
  )
  cancel(@Param('id', TouchIdPipe) id: string): Promise<TouchDetail> {
    return this.touches.cancel(id);
  }

  @Post('rules/:id/cancel-pending')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel every planned or queued touch of a rule (reason cancelled_by_admin); the rule stays enabled',
    tags: ['rules'],
  })
  @ApiOkResponse({ type: CancelledCountDto })
  @ApiErrors([400, 'The id is not a UUID.'], [403, 'Admins only.'], [404, 'Unknown rule.'])
  cancelPending(@Param('id', UuidParamPipe) id: string): Promise<{ cancelled: number }> {
    return this.touches.cancelPendingOfRule(id);
  }
}
