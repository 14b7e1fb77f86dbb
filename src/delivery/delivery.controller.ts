import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiTokenAuth, BODY_ERRORS } from '../common/api-docs';
import { RedriveCountDto, RedrivenTouchDto } from './dto/delivery-response.dto';
import { CurrentStaff, Principal, Roles } from '../staff/auth.decorators';
import { RedriveDto } from './dto/redrive.dto';
import { RedriveService } from '../touches/redrive.service';

@ApiTags('delivery')
@ApiTokenAuth()
@ApiErrors([403, 'Admins only.'])
@Controller()
export class DeliveryController {
  constructor(private readonly redrive: RedriveService) {}

  @Post('touches/:id/redrive')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Put a failed email or SMS touch back to planned, attempts reset (409 unless failed)' })
  @ApiOkResponse({ type: RedrivenTouchDto })
  @ApiErrors(
    [400, 'The id is not a touch id (digits).'],
    [404, 'Unknown touch.'],
    [409, 'The touch is not failed; the message names its state.'],
  )
  redriveOne(@Param('id') id: string, @CurrentStaff() staff: Principal): Promise<{ id: string; state: 'planned' }> {
    return this.redrive.redriveTouch(id, staff.staffId);
  }

  @Post('delivery/redrive')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Put every failed email and SMS touch of a rule and/or scheduled in a time range back to planned' })
  @ApiOkResponse({ type: RedriveCountDto })
  @ApiErrors(...BODY_ERRORS)
  redriveMany(@Body() body: RedriveDto, @CurrentStaff() staff: Principal): Promise<{ redriven: number }> {
    return this.redrive.redriveMany(body, staff.staffId);
  }
}
