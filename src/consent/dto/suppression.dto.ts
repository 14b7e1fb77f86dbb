import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { SuppressionChannel } from '../suppression.entity';
import { SUPPRESSION_CHANNELS, SUPPRESSION_REASONS, SuppressionReason } from '../suppression-rules';

export class CreateSuppressionDto {
  @ApiProperty({ enum: SUPPRESSION_CHANNELS })
  @IsIn(SUPPRESSION_CHANNELS)
  channel: SuppressionChannel;

  @ApiProperty({ example: 'ada@example.com', description: 'Email, or phone with country code for sms and call; stored normalized.' })
  @IsString()
  @Length(3, 254)
  address: string;

  @ApiPropertyOptional({
    enum: SUPPRESSION_REASONS,
    default: 'admin',
    description: 'unsubscribe, stop, spam_report and asked_not_to_call record the customer saying no and withdraw their consent.',
  })
  @IsOptional()
  @IsIn(SUPPRESSION_REASONS)
  reason?: SuppressionReason;

  @ApiPropertyOptional({ example: '42', description: 'The customer it concerns, when known.' })
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'customerId must be a numeric customer id' })
  customerId?: string;
}

export class ListSuppressionsQueryDto {
  @ApiPropertyOptional({ enum: SUPPRESSION_CHANNELS })
  @IsOptional()
  @IsIn(SUPPRESSION_CHANNELS)
  channel?: SuppressionChannel;

  @ApiPropertyOptional({ description: 'With channel: the exact address in any spelling; otherwise a prefix of the stored address.' })
  @IsOptional()
  @IsString()
  @Length(1, 254)
  address?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  cursor?: string;
}

export class SuppressionDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: SUPPRESSION_CHANNELS }) channel: string;
  @ApiProperty() address: string;
  @ApiProperty({ nullable: true, type: String }) customerId: string | null;
  @ApiProperty() reason: string;
  @ApiProperty() source: string;
  @ApiProperty() createdAt: Date;
}

export class SuppressionPageDto {
  @ApiProperty({ type: [SuppressionDto] }) items: SuppressionDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last page.' })
  nextCursor: string | null;
}
