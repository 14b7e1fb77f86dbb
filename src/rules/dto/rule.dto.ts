import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { Action, Condition, Limits, Trigger } from '../rule.types';

/**
 * The shape of a rule body. Only the top level is checked here (400); the contents of trigger,
 * conditions, action and limits are checked by validateRule (422 naming the path).
 */
export class CreateRuleDto {
  @ApiProperty({ example: 'Birthday email' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ example: 'A greeting on the day, 09:00 local time.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ default: false, description: 'Create enabled (later changes go through /enable and /disable).' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ default: 50, minimum: 0, maximum: 1000, description: 'Higher wins when the frequency cap allows only some touches.' })
  @IsOptional()
  @IsInt()
  priority?: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'One of: `{kind:"date", field:"birthday"|"customer_since", offsetDays:-60..60}`; ' +
      '`{kind:"order", minTotal:"500" (decimal string ≥ 0), currency:"USD" (ISO 4217), delayHours:0..720}`; ' +
      '`{kind:"lapse", audience:{exactly one of topN:1..100000, topPercent:0.1..50, tier, tag}, lapseDays:1..3650, repeatEveryDays:≥1, maxRepeats:1..50}`.',
    example: { kind: 'date', field: 'birthday', offsetDays: 0 },
  })
  @IsObject()
  trigger: Trigger;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Audience conditions; see GET /rules/conditions/schema. Omitted or null: every customer.',
    example: { any: [{ field: 'tier', op: 'in', value: ['gold'] }, { field: 'lifetimeValue', op: 'gte', value: '3000' }] },
  })
  @IsOptional()
  @IsObject()
  conditions?: Condition | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      '`{channel:"email"|"sms"|"call"|"card", templateKey (a template of the same channel), sendAt:"HH:MM" local, ' +
      'dueOffsetDays:0..60 (call and card only: days before the occurrence the task is due)}`',
    example: { channel: 'email', templateKey: 'birthday-email', sendAt: '09:00' },
  })
  @IsObject()
  action: Action;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: '`{cooldownDays:0..3650, holdoutPercent:0..50}`',
    example: { cooldownDays: 300, holdoutPercent: 5 },
  })
  @IsOptional()
  @IsObject()
  limits?: Limits;
}

/**
 * A partial rule. `action`, `limits` and a `trigger` of the same kind merge one level deep
 * (null removes a key); a trigger of another kind and `conditions` replace whole.
 */
export class UpdateRuleDto extends PartialType(OmitType(CreateRuleDto, ['enabled'] as const)) {}

export class ListRulesQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only enabled (true) or only disabled (false) rules.' })
  @IsOptional()
  @IsIn(['true', 'false'])
  enabled?: 'true' | 'false';
}
