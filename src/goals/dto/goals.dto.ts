import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow } from 'class-validator';
import { MAX_REPLY_MINUTES } from '../goals';

/** A change to the goals. Types and ranges are checked as a whole by mergeGoals (422 naming the field). */
export class UpdateGoalsDto {
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    maximum: MAX_REPLY_MINUTES,
    example: 240,
    description:
      "A reply is answered (its task completed) within this many working minutes of its arrival, in the manager's working hours; null: no goal.",
  })
  @Allow()
  replyWithinMinutes?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    maximum: 5,
    example: 4.5,
    description: 'The average feedback score to reach (at most two decimals); null: no goal.',
  })
  @Allow()
  satisfactionAtLeast?: number | null;

  @ApiPropertyOptional({ example: '09:00', description: "Start of each manager's working day, HH:MM in the manager's own time zone." })
  @Allow()
  workdayStart?: string;

  @ApiPropertyOptional({ example: '17:00', description: 'End of the working day, HH:MM, after its start.' })
  @Allow()
  workdayEnd?: string;
}

export class GoalsDto {
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 240,
    description: 'Working minutes from a reply to its task being completed; null: no goal.',
  })
  replyWithinMinutes: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 4.5, description: 'Average feedback score to reach; null: no goal.' })
  satisfactionAtLeast: number | null;

  @ApiProperty({ example: '09:00', description: "Working day start in each manager's zone; working days are Monday to Friday." })
  workdayStart: string;

  @ApiProperty({ example: '17:00' })
  workdayEnd: string;

  @ApiProperty({ type: Date, nullable: true, description: 'Null until an admin first sets the goals.' })
  updatedAt: Date | null;

  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  updatedBy: string | null;
}
