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

  @ApiPropertyOptional({
    default: 50,
    minimum: 0,
    maximum: 1000,
    description: 'Higher wins when the frequency cap allows only some touches.',
  })
  @IsOptional()
  @IsInt()
  priority?: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'One of: `{kind:"date", field:"birthday"|"customer_since", offsetDays:-60..60}`; ' +
      '`{kind:"order", minTotal:"500" (decimal string ≥ 0), currency:"USD" (ISO 4217), delayHours:0..720}`; ' +
      '`{kind:"lapse", audience:{exactly one of topN:1..100000, topPercent:0.1..50 (a share of paying customers, lifetime value above zero), tier, tag}, lapseDays:1..3650, repeatEveryDays:≥1, maxRepeats:1..50, catchUp:true|false (default true: a customer already lapsed when the rule starts gets one touch due now)}`. ' +
      'Every trigger goes at the local `action.sendAt`; an order at the first sendAt at or after placedAt + delayHours (elapsed hours, not calendar days).',
    example: { kind: 'date', field: 'birthday', offsetDays: 0 },
  })
  @IsObject()
  trigger: Trigger;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Audience conditions; see GET /rules/conditions/schema. Omitted or null: every customer.',
    example: {
      any: [
        { field: 'tier', op: 'in', value: ['gold'] },
        { field: 'lifetimeValue', op: 'gte', value: '3000' },
      ],
    },
  })
  @IsOptional()
  @IsObject()
  conditions?: Condition | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      '`{channel:"email"|"sms"|"call"|"card", templateKey (a template of the same channel), sendAt:"HH:MM" local, ' +
      'dueOffsetDays:0..60 (call and card only: days before the occurrence the task is due), ' +
      'askFeedback:true|false (email and sms only: the message carries a signed link to the feedback page; ' +
      'the link is `{{touch.feedbackUrl}}` in templates and is added after the text when the template does not place it), ' +
      'followUps:[{outcome:"no_answer"|"left_voicemail", afterWorkingDays:1..30, maxAttempts:1..5}] (call only, one per outcome: ' +
      'after that outcome another call is planned as a touch of its own, occurrence `<original>#followup-<n>`, due afterWorkingDays ' +
      "working days (Monday to Friday, customer's zone) later at sendAt, checked for consent and the frequency cap like any touch, " +
      'until maxAttempts follow-ups)}`',
    example: { channel: 'email', templateKey: 'birthday-email', sendAt: '09:00' },
  })
  @IsObject()
  action: Action;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      '`{cooldownDays:0..3650, holdoutPercent:0..50, expireAfterHours:0..8760}`. expireAfterHours: a touch that cannot go out within this many hours ' +
      'of its moment is skipped as `expired`. Omitted: a date message expires when the local day it was meant for ends, an order message 72 h after ' +
      'its moment, a lapse message after 7 days; calls and cards never expire (they show as overdue).',
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
