import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class IndicatorStatusDto {
  @ApiProperty({ enum: ['up', 'down'] }) status: 'up' | 'down';
  @ApiPropertyOptional({ description: 'Milliseconds the check took.' }) responseTime?: number;
}

export class HealthIndicatorsDto {
  @ApiProperty({ type: IndicatorStatusDto }) database: IndicatorStatusDto;
}

/** What @nestjs/terminus answers when every check passes. */
export class HealthDto {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
  @ApiProperty({ type: HealthIndicatorsDto, description: 'The checks that passed.' }) info: HealthIndicatorsDto;
  @ApiProperty({ type: 'object', properties: {}, additionalProperties: false, description: 'The checks that failed: none.' })
  error: Record<string, never>;
  @ApiProperty({ type: HealthIndicatorsDto, description: 'Every check.' }) details: HealthIndicatorsDto;
}
