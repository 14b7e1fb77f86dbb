import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsUUID, Max, Min } from 'class-validator';

export class ReportQueryDto {
  @ApiPropertyOptional({ example: '2026-08-01', description: 'Start of the period (inclusive; date or date-time). Default: 90 days ago.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-01', description: 'End of the period (exclusive). Default: now.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ description: 'Only this rule.' })
  @IsOptional()
  @IsUUID()
  ruleId?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class UpliftQueryDto extends ReportQueryDto {
  @ApiPropertyOptional({ default: 30, description: 'An order within this many days after the touch counts as a reorder.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(365)
  days?: number;
}

export class FeedbackQueryDto extends ReportQueryDto {
  @ApiPropertyOptional({
    enum: ['rule', 'manager', 'month'],
    default: 'rule',
    description: "One row per rule, per the customers' account manager, or per month (UTC) of the message.",
  })
  @IsOptional()
  @IsIn(['rule', 'manager', 'month'])
  by?: 'rule' | 'manager' | 'month';
}

/** A report over staff, not rules: the period and the format. */
export class PeriodQueryDto extends OmitType(ReportQueryDto, ['ruleId'] as const) {}
