import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { CHANNELS, Channel, FOLLOW_UP_OUTCOMES, FollowUpOutcome } from '../rule.types';

export class DateTriggerDto {
  @ApiProperty({ enum: ['date'] }) kind: 'date';
  @ApiProperty({ enum: ['birthday', 'customer_since'] }) field: 'birthday' | 'customer_since';
  @ApiProperty({ minimum: -60, maximum: 60, description: 'Days from the date; negative acts before it.' }) offsetDays: number;
}

export class OrderTriggerDto {
  @ApiProperty({ enum: ['order'] }) kind: 'order';
  @ApiProperty({ example: '500', description: 'Decimal string ≥ 0.' }) minTotal: string;
  @ApiProperty({ example: 'USD', description: 'ISO 4217.' }) currency: string;
  @ApiProperty({ minimum: 0, maximum: 720 }) delayHours: number;
}

export class LapseAudienceDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100000 }) topN?: number;
  @ApiPropertyOptional({ minimum: 0.1, maximum: 50 }) topPercent?: number;
  @ApiPropertyOptional({ example: 'gold' }) tier?: string;
  @ApiPropertyOptional({ example: 'vip' }) tag?: string;
}

export class LapseTriggerDto {
  @ApiProperty({ enum: ['lapse'] }) kind: 'lapse';
  @ApiProperty({ type: LapseAudienceDto, description: 'Exactly one of topN, topPercent, tier, tag.' }) audience: LapseAudienceDto;
  @ApiProperty({ minimum: 1, maximum: 3650 }) lapseDays: number;
  @ApiProperty({ minimum: 1 }) repeatEveryDays: number;
  @ApiProperty({ minimum: 1, maximum: 50 }) maxRepeats: number;
}

/** A node of the condition language (GET /rules/conditions/schema): exactly one of its forms. */
export class ConditionDto {
  @ApiPropertyOptional({ type: () => [ConditionDto], description: 'Every condition holds.' }) all?: ConditionDto[];
  @ApiPropertyOptional({ type: () => [ConditionDto], description: 'At least one condition holds.' }) any?: ConditionDto[];
  @ApiPropertyOptional({ type: () => ConditionDto, description: 'The condition does not hold.' }) not?: ConditionDto;
  @ApiPropertyOptional({ example: 'lifetimeValue', description: 'A customer field (with op and value).' }) field?: string;
  @ApiPropertyOptional({ example: 'gte' }) op?: string;
  @ApiPropertyOptional({
    description: 'Depends on the field and operator: a string, number, or an array of them; absent for `exists`.',
    oneOf: [
      { type: 'string' },
      { type: 'number' },
      { type: 'boolean' },
      { type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'number' }] } },
    ],
    example: '3000',
  })
  value?: string | number | boolean | (string | number)[];
}

export class FollowUpDto {
  @ApiProperty({ enum: FOLLOW_UP_OUTCOMES, description: 'The call outcome that asks for another try.' }) outcome: FollowUpOutcome;
  @ApiProperty({ minimum: 1, maximum: 30, description: 'The try is due this many working days (Monday to Friday) after the outcome.' })
  afterWorkingDays: number;
  @ApiProperty({ minimum: 1, maximum: 5, description: 'At most this many follow-up tries of one occurrence.' }) maxAttempts: number;
}

export class ActionDto {
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty({ example: 'birthday-email', description: 'A template of the same channel.' }) templateKey: string;
  @ApiProperty({ example: '09:00', description: "Local time of day in the customer's zone, HH:MM." }) sendAt: string;
  @ApiPropertyOptional({ minimum: 0, maximum: 60, description: 'Call and card only: days before the occurrence the task is due.' })
  dueOffsetDays?: number;
  @ApiPropertyOptional({
    description: 'Email and SMS only: the message carries a signed link to the feedback page (a 1–5 score and an optional comment).',
  })
  askFeedback?: boolean;
  @ApiPropertyOptional({ type: [FollowUpDto], description: 'Calls only: another try after no_answer or left_voicemail.' })
  followUps?: FollowUpDto[];
}

export class LimitsDto {
  @ApiPropertyOptional({ minimum: 0, maximum: 3650 }) cooldownDays?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 50 }) holdoutPercent?: number;
}

export const TRIGGER_SCHEMA = {
  oneOf: [{ $ref: getSchemaPath(DateTriggerDto) }, { $ref: getSchemaPath(OrderTriggerDto) }, { $ref: getSchemaPath(LapseTriggerDto) }],
  discriminator: { propertyName: 'kind' },
};

@ApiExtraModels(DateTriggerDto, OrderTriggerDto, LapseTriggerDto)
export class RuleDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Birthday email' }) name: string;
  @ApiProperty() description: string;
  @ApiProperty() enabled: boolean;
  @ApiProperty({ description: 'Higher wins when the frequency cap lets only some touches through.' }) priority: number;
  @ApiProperty(TRIGGER_SCHEMA) trigger: DateTriggerDto | OrderTriggerDto | LapseTriggerDto;
  @ApiProperty({ type: ConditionDto, nullable: true, description: 'Null: every customer.' }) conditions: ConditionDto | null;
  @ApiProperty({ type: ActionDto }) action: ActionDto;
  @ApiProperty({ type: LimitsDto }) limits: LimitsDto;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The staff member who saved the last version.' })
  updatedBy: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the planner could not plan this rule at its last run (the other rules were planned); null when it planned.',
  })
  lastPlanError: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When lastPlanError happened.' })
  lastPlanErrorAt: Date | null;
}

export class DisabledRuleDto {
  @ApiProperty({ type: RuleDto }) rule: RuleDto;
  @ApiProperty({ description: 'Planned and queued touches cancelled (reason rule_disabled).' }) cancelledTouches: number;
}

export class VersionAuthorDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

/** The rule as saved in a version: the fields of a rule that make up its behaviour. */
@ApiExtraModels(DateTriggerDto, OrderTriggerDto, LapseTriggerDto)
export class RuleSnapshotDto {
  @ApiPropertyOptional({ format: 'uuid' }) id?: string;
  @ApiProperty() name: string;
  @ApiPropertyOptional() description?: string;
  @ApiPropertyOptional() enabled?: boolean;
  @ApiPropertyOptional() priority?: number;
  @ApiPropertyOptional(TRIGGER_SCHEMA) trigger?: DateTriggerDto | OrderTriggerDto | LapseTriggerDto;
  @ApiPropertyOptional({ type: ConditionDto, nullable: true }) conditions?: ConditionDto | null;
  @ApiPropertyOptional({ type: ActionDto }) action?: ActionDto;
  @ApiPropertyOptional({ type: LimitsDto }) limits?: LimitsDto;
  @ApiPropertyOptional() version?: number;
}

export class RuleVersionDto {
  @ApiProperty() version: number;
  @ApiProperty({ enum: ['created', 'updated', 'enabled', 'disabled'] }) change: string;
  @ApiProperty() changedAt: Date;
  @ApiProperty({ type: VersionAuthorDto, nullable: true }) changedBy: VersionAuthorDto | null;
  @ApiProperty({ type: RuleSnapshotDto }) snapshot: RuleSnapshotDto;
}

export class ConditionOperatorDto {
  @ApiProperty({ example: 'gte' }) op: string;
  @ApiProperty({ example: 'decimal as a string ("3000.50") or number', description: 'What the value must be.' }) value: string;
}

export class ConditionFieldDto {
  @ApiProperty({ example: 'lifetimeValue' }) name: string;
  @ApiProperty({ enum: ['text', 'tags', 'tier', 'decimal', 'integer', 'instant', 'date', 'locale', 'timeZone', 'staff', 'month'] })
  kind: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: [ConditionOperatorDto] }) operators: ConditionOperatorDto[];
}

export class ConditionLimitsDto {
  @ApiProperty() maxDepth: number;
  @ApiProperty() maxNodes: number;
}

export class ConditionExampleDto {
  @ApiProperty() description: string;
  @ApiProperty({ type: ConditionDto }) conditions: ConditionDto;
}

export class ConditionSchemaDto {
  @ApiProperty({ type: [String], description: 'The four forms of a node.' }) nodes: string[];
  @ApiProperty({ type: ConditionLimitsDto }) limits: ConditionLimitsDto;
  @ApiProperty({ type: [ConditionFieldDto] }) fields: ConditionFieldDto[];
  @ApiProperty({ type: [ConditionExampleDto] }) examples: ConditionExampleDto[];
}
