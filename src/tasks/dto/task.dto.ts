import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { NOTE_MAX, SKIP_REASON_MAX, TASK_KINDS, TASK_OUTCOMES, TaskKind, TaskOutcome } from '../task.entity';

export class TodayQueryDto {
  @ApiPropertyOptional({ enum: TASK_KINDS })
  @IsOptional()
  @IsIn(TASK_KINDS)
  kind?: TaskKind;

  @ApiPropertyOptional({ description: "Admins: another staff member's list" })
  @IsOptional()
  @IsUUID()
  staffId?: string;

  @ApiPropertyOptional({
    enum: ['talkingPoints'],
    description: "Include each task's talking points (otherwise null; GET /tasks/{id} has them)",
  })
  @IsOptional()
  @IsIn(['talkingPoints'])
  include?: 'talkingPoints';
}

export class PoolQueryDto {
  @ApiPropertyOptional({ enum: TASK_KINDS })
  @IsOptional()
  @IsIn(TASK_KINDS)
  kind?: TaskKind;
}

export class CompleteTaskDto {
  @ApiProperty({
    enum: TASK_OUTCOMES,
    description:
      'Calls: reached, left_voicemail, no_answer, wrong_number, asked_not_to_call. Cards: card_sent. ' +
      'Replies: replied (answered in writing), called_back, no_action_needed.',
  })
  @IsIn(TASK_OUTCOMES)
  outcome: TaskOutcome;

  @ApiPropertyOptional({ maxLength: NOTE_MAX })
  @IsOptional()
  @IsString()
  @MaxLength(NOTE_MAX)
  note?: string;
}

export class SnoozeTaskDto {
  @ApiProperty({ example: '2026-06-20', description: 'A later day (YYYY-MM-DD), within a year' })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'until must be a date YYYY-MM-DD' })
  until: string;
}

export class ReassignTaskDto {
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'A staff member id, or null for the shared pool (the only choice for managers)',
  })
  @ValidateIf((_, value) => value !== null)
  @IsUUID(undefined, { message: 'staffId must be a staff member id (UUID) or null for the pool' })
  staffId: string | null;
}

export class SkipTaskDto {
  @ApiProperty({ maxLength: SKIP_REASON_MAX })
  @IsString()
  @Length(1, SKIP_REASON_MAX)
  reason: string;
}

export class NoteTaskDto {
  @ApiProperty({ maxLength: NOTE_MAX })
  @IsString()
  @Length(1, NOTE_MAX)
  note: string;
}

export class TimelineQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Matches(/^\d{1,3}$/, { message: 'limit must be a whole number from 1 to 200' })
  limit?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}
