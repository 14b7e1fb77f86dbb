import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CreateRuleDto } from '../../rules/dto/rule.dto';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsObject, IsOptional, Max, Min } from 'class-validator';

/** Beyond any real list, and within what PostgreSQL takes as an OFFSET (a bigint). */
const MAX_OFFSET = 1_000_000_000;

export class RunsQueryDto {
  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: MAX_OFFSET })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_OFFSET)
  offset?: number;
}

export class DryRunWindowDto {
  @ApiProperty({ example: '2026-12-01T00:00:00Z', description: 'Start of the window (instant with offset).' })
  @IsISO8601({ strict: true })
  from: string;

  @ApiProperty({ example: '2026-12-08T00:00:00Z', description: 'End of the window, after from, at most 31 days later.' })
  @IsISO8601({ strict: true })
  to: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500, description: 'Planned touches listed per page.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: MAX_OFFSET })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_OFFSET)
  offset?: number;
}

export class DryRunRuleDto extends DryRunWindowDto {
  @ApiProperty({ type: () => CreateRuleDto, description: 'An unsaved rule, as POST /rules takes it.' })
  @IsObject()
  rule: Record<string, unknown>;
}
