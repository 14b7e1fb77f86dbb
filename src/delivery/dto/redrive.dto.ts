import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsUUID } from 'class-validator';

/** Which failed touches to put back: those of a rule, those scheduled in a time range, or both. */
export class RedriveDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  ruleId?: string;

  @ApiPropertyOptional({ example: '2026-06-01T00:00:00Z', description: 'Scheduled at or after (inclusive).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2026-06-02T00:00:00Z', description: 'Scheduled before (exclusive).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}
