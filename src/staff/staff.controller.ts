import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParamPipe } from '../common/validation';
import { CurrentStaff, Principal, Roles } from './auth.decorators';
import { CreateStaffDto, CreateTokenDto, UpdateStaffDto } from './dto/staff.dto';
import { Staff } from './staff.entity';
import { StaffService } from './staff.service';
import { IssuedToken, TokensService } from './tokens.service';

@ApiTags('staff')
@ApiBearerAuth()
@Controller()
export class StaffController {
  constructor(
    private readonly staff: StaffService,
    private readonly tokens: TokensService,
  ) {}

  @Get('me')
  @ApiOperation({ summary: 'The signed-in staff member' })
  me(@CurrentStaff() principal: Principal): Promise<Staff> {
    return this.staff.get(principal.staffId);
  }

  @Get('staff')
  @Roles('admin')
  @ApiOperation({ summary: 'List staff' })
  list(): Promise<Staff[]> {
    return this.staff.list();
  }

  @Post('staff')
  @Roles('admin')
  @ApiOperation({ summary: 'Add a staff member' })
  create(@CurrentStaff() principal: Principal, @Body() body: CreateStaffDto): Promise<Staff> {
    return this.staff.create(body, principal.staffId);
  }

  @Get('staff/:id')
  @Roles('admin')
  get(@Param('id', UuidParamPipe) id: string): Promise<Staff> {
    return this.staff.get(id);
  }

  @Patch('staff/:id')
  @Roles('admin')
  @ApiOperation({ summary: 'Change a staff member (role, absence, backup, capacity, active)' })
  @ApiConflictResponse({ description: 'The email is taken, or this is the last active admin and would stop being one.' })
  update(@CurrentStaff() principal: Principal, @Param('id', UuidParamPipe) id: string, @Body() body: UpdateStaffDto): Promise<Staff> {
    return this.staff.update(id, body, principal.staffId);
  }

  @Post('staff/:id/tokens')
  @Roles('admin')
  @ApiOperation({ summary: 'Issue a personal API token; the token is shown in this answer only' })
  @ApiCreatedResponse({ description: '{ id, name, prefix, createdAt, token }' })
  async issueToken(@CurrentStaff() principal: Principal, @Param('id', UuidParamPipe) id: string, @Body() body: CreateTokenDto): Promise<IssuedToken> {
    await this.staff.get(id);
    return this.tokens.issue(id, body.name, undefined, principal.staffId);
  }

  @Get('staff/:id/tokens')
  @Roles('admin')
  @ApiOperation({ summary: "List a staff member's tokens (never the tokens themselves)" })
  async listTokens(@Param('id', UuidParamPipe) id: string) {
    await this.staff.get(id);
    return this.tokens.list(id);
  }

  @Delete('tokens/:id')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a token' })
  revoke(@CurrentStaff() principal: Principal, @Param('id', UuidParamPipe) id: string): Promise<void> {
    return this.tokens.revoke(id, principal.staffId);
  }
}
