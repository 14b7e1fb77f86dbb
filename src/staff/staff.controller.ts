import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiTokenAuth, BODY_ERRORS, ErrorSpec } from '../common/api-docs';
import { UuidParamPipe } from '../common/validation';
import { CurrentStaff, Principal, Roles } from './auth.decorators';
import { CreateStaffDto, CreateTokenDto, UpdateMeDto, UpdateStaffDto } from './dto/staff.dto';
import { IssuedTokenDto, StaffDto, TokenDto } from './dto/staff-response.dto';
import { Staff } from './staff.entity';
import { StaffService } from './staff.service';
import { IssuedToken, TokensService } from './tokens.service';

const ADMINS_ONLY: ErrorSpec = [403, 'Admins only.'];
const UNKNOWN_STAFF: ErrorSpec = [404, 'No staff member has this id.'];

@ApiTags('staff')
@ApiTokenAuth()
@Controller()
export class StaffController {
  constructor(
    private readonly staff: StaffService,
    private readonly tokens: TokensService,
  ) {}

  @Get('me')
  @ApiOperation({ summary: 'The signed-in staff member' })
  @ApiOkResponse({ type: StaffDto })
  me(@CurrentStaff() principal: Principal): Promise<Staff> {
    return this.staff.get(principal.staffId);
  }

  @Patch('me')
  @ApiOperation({
    summary: 'Change your own settings (the language of your web page)',
    description: 'Any signed-in staff member, for themselves only; everything else about staff is for admins (`PATCH /staff/{id}`).',
  })
  @ApiOkResponse({ type: StaffDto })
  @ApiErrors(...BODY_ERRORS, [422, 'A locale the page does not speak.'])
  updateMe(@CurrentStaff() principal: Principal, @Body() body: UpdateMeDto): Promise<Staff> {
    return this.staff.update(principal.staffId, body, principal.staffId);
  }

  @Get('staff')
  @Roles('admin')
  @ApiOperation({ summary: 'List staff' })
  @ApiOkResponse({ type: [StaffDto] })
  @ApiErrors(ADMINS_ONLY)
  list(): Promise<Staff[]> {
    return this.staff.list();
  }

  @Post('staff')
  @Roles('admin')
  @ApiOperation({ summary: 'Add a staff member' })
  @ApiCreatedResponse({ type: StaffDto })
  @ApiErrors(...BODY_ERRORS, ADMINS_ONLY, [409, 'A staff member with this email exists.'])
  create(@CurrentStaff() principal: Principal, @Body() body: CreateStaffDto): Promise<Staff> {
    return this.staff.create(body, principal.staffId);
  }

  @Get('staff/:id')
  @Roles('admin')
  @ApiOperation({ summary: 'One staff member' })
  @ApiOkResponse({ type: StaffDto })
  @ApiErrors([400, 'The id is not a UUID.'], ADMINS_ONLY, UNKNOWN_STAFF)
  get(@Param('id', UuidParamPipe) id: string): Promise<Staff> {
    return this.staff.get(id);
  }

  @Patch('staff/:id')
  @Roles('admin')
  @ApiOperation({
    summary: 'Change a staff member (role, absence, backup, capacity, language, active)',
    description:
      'In the same transaction, their open tasks are handed over or back: a task whose day (its due date; today when overdue) falls in ' +
      'the absence (`awayFrom`..`awayUntil`, inclusive; one bound alone is open-ended), or every open task when `active` becomes false, ' +
      'moves to `backupStaffId` (or the pool when there is none or the backup is away or inactive too), marked `handedOverFrom`; a ' +
      'handed-over task nobody has acted on since goes back when the absence is removed or shortened past its day, or the person is ' +
      'active again. What time alone changes (an overdue task on the day an absence starts, the day after it ends) is done by ' +
      "the workers' handover sweep (`POST /tasks/handover`).",
  })
  @ApiOkResponse({ type: StaffDto })
  @ApiErrors(...BODY_ERRORS, ADMINS_ONLY, UNKNOWN_STAFF, [
    409,
    'The email is taken, or this is the last active admin and would stop being one.',
  ])
  update(@CurrentStaff() principal: Principal, @Param('id', UuidParamPipe) id: string, @Body() body: UpdateStaffDto): Promise<Staff> {
    return this.staff.update(id, body, principal.staffId);
  }

  @Post('staff/:id/tokens')
  @Roles('admin')
  @ApiOperation({ summary: 'Issue a personal API token; the token is shown in this answer only' })
  @ApiCreatedResponse({ type: IssuedTokenDto })
  @ApiErrors(...BODY_ERRORS, ADMINS_ONLY, UNKNOWN_STAFF)
  async issueToken(
    @CurrentStaff() principal: Principal,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: CreateTokenDto,
  ): Promise<IssuedToken> {
    await this.staff.get(id);
    return this.tokens.issue(id, body.name, undefined, principal.staffId);
  }

  @Get('staff/:id/tokens')
  @Roles('admin')
  @ApiOperation({ summary: "List a staff member's tokens (never the tokens themselves)" })
  @ApiOkResponse({ type: [TokenDto] })
  @ApiErrors([400, 'The id is not a UUID.'], ADMINS_ONLY, UNKNOWN_STAFF)
  async listTokens(@Param('id', UuidParamPipe) id: string) {
    await this.staff.get(id);
    return this.tokens.list(id);
  }

  @Delete('tokens/:id')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a token' })
  @ApiNoContentResponse({ description: 'Revoked (also when it was already).' })
  @ApiErrors([400, 'The id is not a UUID.'], ADMINS_ONLY, [404, 'No token has this id.'])
  revoke(@CurrentStaff() principal: Principal, @Param('id', UuidParamPipe) id: string): Promise<void> {
    return this.tokens.revoke(id, principal.staffId);
  }
}
