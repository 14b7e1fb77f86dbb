import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';

const COUNT_MAP = { type: 'object', additionalProperties: { type: 'integer' } } as const;

export class RulePlanCountsDto {
  @ApiProperty() name: string;
  @ApiProperty() planned: number;
  @ApiProperty({ ...COUNT_MAP, description: 'Skipped touches by reason.', example: { holdout: 3, opted_out: 1 } })
  skipped: Record<string, number>;
  @ApiPropertyOptional({
    description: 'Of the planned: lapse touches due at once for customers already lapsed when the rule started (one each).',
  })
  catchUp?: number;
  @ApiPropertyOptional({ description: 'Pending touches an edit of the rule no longer selects, cancelled as rule_changed.' })
  cancelled?: number;
}

export class PlanRunCountsDto {
  @ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(RulePlanCountsDto) }, description: 'By rule id.' })
  rules: Record<string, RulePlanCountsDto>;
  @ApiProperty({ ...COUNT_MAP, description: 'Skipped touches of this run by reason, over all rules.' }) reasons: Record<string, number>;
  @ApiProperty({ description: 'Pending lapse touches cancelled because the customer ordered.' }) cancelled: number;
  @ApiProperty({ description: "Touches planned by earlier runs that lost the frequency cap to this run's higher-priority ones." })
  cappedEarlier: number;
  @ApiPropertyOptional({ description: 'Pending touches found past their expiry (after an outage, say) and skipped as expired.' })
  expired?: number;
}

export class PlanRunDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['cron', 'manual', 'order', 'rule_changed'] }) trigger: string;
  @ApiProperty() startedAt: Date;
  @ApiProperty({ type: Date, nullable: true }) finishedAt: Date | null;
  @ApiProperty() windowStart: Date;
  @ApiProperty() windowEnd: Date;
  @ApiProperty({ enum: ['running', 'succeeded', 'failed'] }) status: 'running' | 'succeeded' | 'failed';
  @ApiProperty() planned: number;
  @ApiProperty() skipped: number;
  @ApiProperty({ type: PlanRunCountsDto, description: 'Per rule: planned and skipped by reason. Empty while running.' })
  counts: PlanRunCountsDto;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
}

export class RunPageDto {
  @ApiProperty({ type: [PlanRunDto] }) items: PlanRunDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export class DryRunRuleRefDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null for an unsaved rule.' }) id: string | null;
  @ApiProperty() name: string;
}

export class DryRunWindowViewDto {
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
}

export class DryRunTouchDto {
  @ApiProperty({ format: 'uuid' }) customerId: string;
  @ApiProperty() externalId: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'birthday:2026' }) occurrence: string;
  @ApiProperty({ enum: ['email', 'sms', 'call', 'card'] }) channel: string;
  @ApiProperty() templateKey: string;
  @ApiProperty({ type: String, nullable: true }) orderId: string | null;
  @ApiProperty({ example: 'Asia/Ho_Chi_Minh' }) timeZone: string;
  @ApiProperty({ example: '2026-12-03T09:00:00+07:00', description: "In the customer's own time, with offset." }) localTime: string;
  @ApiProperty({ format: 'date-time' }) scheduledAt: string;
  @ApiProperty({ format: 'date' }) localDate: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) dueDate: string | null;
}

export class DryRunPlannedDto {
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
  @ApiProperty({ type: [DryRunTouchDto] }) items: DryRunTouchDto[];
}

export class DryRunSkipDto {
  @ApiProperty({ format: 'uuid' }) customerId: string;
  @ApiProperty() externalId: string;
  @ApiProperty() occurrence: string;
  @ApiProperty() localTime: string;
  @ApiProperty({ format: 'date-time' }) scheduledAt: string;
}

export class DryRunSkippedDto {
  @ApiProperty() total: number;
  @ApiProperty({ ...COUNT_MAP, example: { holdout: 4, opted_out: 2 } }) byReason: Record<string, number>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', items: { $ref: getSchemaPath(DryRunSkipDto) } },
    description: 'A few customers left out, by reason.',
  })
  examples: Record<string, DryRunSkipDto[]>;
}

export class DryRunSampleDto {
  @ApiProperty({ format: 'uuid' }) customerId: string;
  @ApiProperty() occurrence: string;
  @ApiProperty() templateKey: string;
  @ApiPropertyOptional({ description: "The variant used ('' for the default one)." }) locale?: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'The rendered parts: subject, html, text (email); text (SMS, call, card).',
  })
  parts?: Record<string, string>;
  @ApiPropertyOptional({ description: 'Why this one could not be rendered, e.g. the template does not exist yet.' }) error?: string;
}

export class DryRunResultDto {
  @ApiProperty({ type: DryRunRuleRefDto }) rule: DryRunRuleRefDto;
  @ApiProperty({ type: DryRunWindowViewDto }) window: DryRunWindowViewDto;
  @ApiProperty({ format: 'date-time' }) now: string;
  @ApiProperty({ type: DryRunPlannedDto }) planned: DryRunPlannedDto;
  @ApiProperty({ type: DryRunSkippedDto }) skipped: DryRunSkippedDto;
  @ApiProperty({ description: 'Touches of this rule in the window already in the ledger (not repeated above).' }) alreadyInLedger: number;
  @ApiProperty({
    description:
      'Of the planned: catch-up touches, one per customer already lapsed when the rule starts; tasks among them still go through capacity.',
  })
  catchUp: number;
  @ApiProperty({ type: [DryRunSampleDto], description: "The first few planned touches rendered in the customer's locale." })
  samples: DryRunSampleDto[];
}
