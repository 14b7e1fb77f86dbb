import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { AUDIT_ENTITY_TYPES, AuditEntityType } from '../audit-entry';

export class ListAuditQueryDto {
  @ApiPropertyOptional({ enum: AUDIT_ENTITY_TYPES })
  @IsOptional()
  @IsIn(AUDIT_ENTITY_TYPES)
  entityType?: AuditEntityType;

  @ApiPropertyOptional({
    description:
      'The id of the entity: a staff or token uuid, a rule id, a template key, a suppression id, a customer externalId, a report name.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  entityId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only actions of this staff member.' })
  @IsOptional()
  @IsUUID()
  actor?: string;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z', description: 'Only actions at or after this instant (ISO 8601).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;

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
  @MaxLength(40)
  cursor?: string;
}

export class AuditRecordDto {
  @ApiProperty() id: string;
  @ApiProperty() at: Date;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Null for the command line.' }) actorStaffId: string | null;
  @ApiProperty({ example: 'update', description: 'create, update, delete, enable, disable, issue, revoke, add, lift, erase, export, …' })
  action: string;
  @ApiProperty({ enum: AUDIT_ENTITY_TYPES }) entityType: string;
  @ApiProperty({ nullable: true, type: String }) entityId: string | null;
  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: true,
    description: "The entity before the action, in the shape of that entity's API view; secrets such as token values are never stored.",
  })
  before: Record<string, unknown> | null;
  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: true,
    description: 'The entity after the action (or what was exported).',
  })
  after: Record<string, unknown> | null;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditRecordDto] }) items: AuditRecordDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last page.' })
  nextCursor: string | null;
}
