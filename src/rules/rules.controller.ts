import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiTokenAuth, BODY_ERRORS, ErrorSpec } from '../common/api-docs';
import { UuidParamPipe } from '../common/validation';
import { CurrentStaff, Principal, Roles } from '../staff/auth.decorators';
import { conditionLanguageMarkdown, conditionSchema, ConditionSchema } from './conditions';
import { CreateRuleDto, ListRulesQueryDto, UpdateRuleDto } from './dto/rule.dto';
import { ConditionSchemaDto, DisabledRuleDto, RuleDto, RuleVersionDto } from './dto/rule-response.dto';
import { Rule } from './rule.entity';
import { RulesService, RuleVersionView } from './rules.service';

const VALIDATION =
  'Shape errors (wrong JSON types at the top level) answer 400; semantic errors answer 422 with every problem named by path, ' +
  'e.g. `trigger.offsetDays`, `conditions.any.0.op`, `action.templateKey`. A name already in use (case-insensitive) answers 409.';

const BAD_ID: ErrorSpec = [400, 'The id is not a UUID.'];
const UNKNOWN_RULE: ErrorSpec = [404, 'No rule has this id.'];
const NAME_TAKEN: ErrorSpec = [409, 'A rule with this name exists (case-insensitive).'];
const INVALID_RULE: ErrorSpec = [422, 'The rule breaks a rule of the language or names an unknown template; `errors` names each path.'];

@ApiTags('rules')
@ApiTokenAuth()
@ApiErrors([403, 'Admins only.'])
@Roles('admin')
@Controller('rules')
export class RulesController {
  constructor(private readonly rules: RulesService) {}

  @Get('conditions/schema')
  @ApiOperation({
    summary: 'The condition language: fields, operators, value types, limits and examples',
    description: conditionLanguageMarkdown(),
  })
  @ApiOkResponse({ type: ConditionSchemaDto })
  schema(): ConditionSchema {
    return conditionSchema();
  }

  @Get()
  @ApiOperation({ summary: 'List rules, highest priority first' })
  @ApiOkResponse({ type: [RuleDto] })
  @ApiErrors([400, 'enabled is neither true nor false.'])
  list(@Query() query: ListRulesQueryDto): Promise<Rule[]> {
    return this.rules.list({ enabled: query.enabled === undefined ? undefined : query.enabled === 'true' });
  }

  @Post()
  @ApiOperation({ summary: 'Create a rule (version 1)', description: `${VALIDATION}\n\n${conditionLanguageMarkdown()}` })
  @ApiCreatedResponse({ type: RuleDto })
  @ApiErrors(...BODY_ERRORS, NAME_TAKEN, INVALID_RULE)
  create(@Body() body: CreateRuleDto, @CurrentStaff() staff: Principal): Promise<Rule> {
    return this.rules.create(body, staff.staffId);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One rule at its current version' })
  @ApiOkResponse({ type: RuleDto })
  @ApiErrors(BAD_ID, UNKNOWN_RULE)
  get(@Param('id', UuidParamPipe) id: string): Promise<Rule> {
    return this.rules.get(id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a rule (a new version)',
    description:
      '`action`, `limits` and a `trigger` of the same kind merge one level deep (null removes a key); a trigger of another kind, ' +
      '`trigger.audience` and `conditions` replace whole (`conditions: null` clears them). The merged rule is validated as a whole. ' +
      "Before this answers, an enabled rule's still-planned touches are re-planned under the new version: moved to its time, or " +
      'cancelled with reason `rule_changed` when it no longer selects them; queued, sent and done ones stay as history. ' +
      `Enabling and disabling go through their own endpoints. ${VALIDATION}`,
  })
  @ApiOkResponse({ type: RuleDto })
  @ApiErrors(...BODY_ERRORS, UNKNOWN_RULE, NAME_TAKEN, INVALID_RULE)
  update(@Param('id', UuidParamPipe) id: string, @Body() body: UpdateRuleDto, @CurrentStaff() staff: Principal): Promise<Rule> {
    return this.rules.update(id, body, staff.staffId);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a rule that never reached anyone',
    description:
      'Answers 409 when the rule has touches other than cancelled or skipped ones (pending, in flight or sent): disable it instead, which keeps its history.',
  })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiErrors(BAD_ID, UNKNOWN_RULE, [409, 'The rule has touches that are pending or were sent: disable it instead.'])
  delete(@CurrentStaff() principal: Principal, @Param('id', UuidParamPipe) id: string): Promise<void> {
    return this.rules.delete(id, principal.staffId);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable a rule (a new version; no change when already enabled)' })
  @ApiOkResponse({ type: RuleDto })
  @ApiErrors(BAD_ID, UNKNOWN_RULE, [422, "The rule's template no longer exists."])
  enable(@Param('id', UuidParamPipe) id: string, @CurrentStaff() staff: Principal): Promise<Rule> {
    return this.rules.enable(id, staff.staffId);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable a rule and cancel its planned and queued touches (reason rule_disabled), in one transaction' })
  @ApiOkResponse({ type: DisabledRuleDto })
  @ApiErrors(BAD_ID, UNKNOWN_RULE)
  disable(@Param('id', UuidParamPipe) id: string, @CurrentStaff() staff: Principal): Promise<{ rule: Rule; cancelledTouches: number }> {
    return this.rules.disable(id, staff.staffId);
  }

  @Get(':id/versions')
  @ApiOperation({ summary: 'Every saved state of the rule, oldest first, with the change, who made it and when' })
  @ApiOkResponse({ type: [RuleVersionDto] })
  @ApiErrors(BAD_ID, UNKNOWN_RULE)
  versions(@Param('id', UuidParamPipe) id: string): Promise<RuleVersionView[]> {
    return this.rules.versions(id);
  }
}
