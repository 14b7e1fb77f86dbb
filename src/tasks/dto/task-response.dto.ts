import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TASK_KINDS, TASK_OUTCOMES, TaskKind, TaskOutcome, TaskState } from '../task.entity';

const TASK_STATES: TaskState[] = ['open', 'done', 'skipped'];

export class TaskAssigneeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Emma Clarke' }) name: string;
}

export class TaskCustomerDto {
  @ApiProperty({ example: 'crm-10042' }) externalId: string;
  @ApiProperty({ example: 'Linh Nguyen' }) name: string;
  @ApiProperty({ type: String, nullable: true, description: 'E.164' }) phone: string | null;
  @ApiProperty({ example: '1249.9000', description: 'Placed orders in BASE_CURRENCY, exact decimal.' }) lifetimeValue: string;
  @ApiProperty({ type: String, nullable: true, example: 'gold' }) tier: string | null;
}

export class TalkingPointOrderDto {
  @ApiProperty() externalId: string;
  @ApiProperty({ format: 'date-time' }) placedAt: string;
  @ApiProperty({ example: '129.9000' }) total: string;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ example: 'placed' }) status: string;
}

export class UpcomingBirthdayDto {
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty() inDays: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Null when the birth year is unknown.' }) turning: number | null;
}

export class TalkingPointHistoryDto {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ enum: TASK_KINDS }) kind: string;
  @ApiProperty({ enum: TASK_OUTCOMES, nullable: true }) outcome: TaskOutcome | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Who carried it out.' }) by: string | null;
}

export class MailingAddressDto {
  @ApiProperty() line1: string;
  @ApiProperty({ required: false }) line2?: string;
  @ApiProperty() city: string;
  @ApiProperty({ required: false }) region?: string;
  @ApiProperty({ required: false }) postalCode?: string;
  @ApiProperty({ example: 'VN', description: 'ISO 3166-1 alpha-2.' }) country: string;
}

export class ReplyMessageDto {
  @ApiProperty({ enum: ['email', 'sms', 'feedback'] }) source: string;
  @ApiProperty({
    description: 'What the customer wrote, as text. Cut at 10,000 characters, ending "[… N more characters not kept]" when it was longer.',
  })
  text: string;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiPropertyOptional({ description: "The email's subject." }) subject?: string;
  @ApiPropertyOptional({ enum: [true], description: 'Present when the text was cut.' }) truncated?: boolean;
}

export class AnsweredTouchDto {
  @ApiProperty({ example: '10452' }) touchId: string;
  @ApiProperty({ enum: ['email', 'sms', 'call', 'card'] }) channel: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt: string | null;
  @ApiProperty({ type: String, nullable: true }) subject: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'What we sent, its first 1,000 characters.' }) text: string | null;
}

/** What a reply task's talking points hold (`talkingPoints.reply`). */
export class ReplyTalkingPointsDto {
  @ApiProperty({ type: [ReplyMessageDto], description: 'The last 20 messages, oldest first.' }) messages: ReplyMessageDto[];
  @ApiProperty({ description: 'Every message the task collected, including any no longer listed.' }) messageCount: number;
  @ApiProperty({ type: AnsweredTouchDto, nullable: true, description: 'The message of ours they answered, when known.' })
  answers: AnsweredTouchDto | null;
}

export class TaskReplyDto {
  @ApiProperty({ description: 'When the first reply on this task arrived (response times run from here).' }) receivedAt: Date;
  @ApiProperty({ type: [ReplyMessageDto], description: 'The last 20 messages, oldest first.' }) messages: ReplyMessageDto[];
  @ApiProperty({ description: 'Every message the task collected, including any no longer listed.' }) messageCount: number;
  @ApiProperty({ type: AnsweredTouchDto, nullable: true, description: 'The message of ours they answered, when known.' })
  answers: AnsweredTouchDto | null;
}

/** Every field is there once the talking points are prepared; a task stored without them has `{}`. */
export class TalkingPointsDto {
  @ApiPropertyOptional({ type: String, nullable: true, description: "The rule's template rendered for the customer." }) script?:
    string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Cards: the address block the template rendered.' }) scriptAddress?:
    string | null;
  @ApiPropertyOptional({ example: '1249.9000' }) lifetimeValue?: string;
  @ApiPropertyOptional({ example: 'EUR' }) currency?: string;
  @ApiPropertyOptional() orderCount?: number;
  @ApiPropertyOptional({ type: Number, nullable: true }) daysSinceLastOrder?: number | null;
  @ApiPropertyOptional({ type: [TalkingPointOrderDto], description: 'The last three.' }) lastOrders?: TalkingPointOrderDto[];
  @ApiPropertyOptional({ type: UpcomingBirthdayDto, nullable: true }) upcomingBirthday?: UpcomingBirthdayDto | null;
  @ApiPropertyOptional({ type: [TalkingPointHistoryDto], description: 'Earlier outcomes and notes.' }) history?: TalkingPointHistoryDto[];
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Calls only; null when missing or known to be wrong.' }) phone?:
    string | null;
  @ApiPropertyOptional({ type: MailingAddressDto, nullable: true, description: 'Cards only.' }) mailingAddress?: MailingAddressDto | null;
  @ApiPropertyOptional({ type: ReplyTalkingPointsDto, description: 'Reply tasks only, and all they have: the same as the task’s `reply`.' })
  reply?: ReplyTalkingPointsDto;
}

export class TaskGoalDto {
  @ApiProperty({
    description: "When the response-time goal runs out: the goal's working minutes after the first reply, in the working hours.",
  })
  dueBy: Date;
  @ApiProperty({ enum: ['ok', 'near', 'breached'], description: 'near: three quarters of the goal used; breached: past dueBy.' })
  state: 'ok' | 'near' | 'breached';
  @ApiProperty({ description: 'The goal (PUT /goals), in working minutes.' }) withinMinutes: number;
}

export class TaskDto {
  @ApiProperty({ example: '5120' }) id: string;
  @ApiProperty({ enum: TASK_KINDS }) kind: TaskKind;
  @ApiProperty({ enum: TASK_STATES }) state: TaskState;
  @ApiProperty({ format: 'date' }) dueDate: string;
  @ApiProperty({ format: 'date', description: 'Before any move for capacity or snooze.' }) originalDueDate: string;
  @ApiProperty() overdue: boolean;
  @ApiProperty() priority: number;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Moved from 2026-06-19 to 2026-06-22: 2026-06-19 was over the daily capacity of 20',
  })
  movedReason: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) snoozedUntil: string | null;
  @ApiProperty({ enum: TASK_OUTCOMES, nullable: true }) outcome: TaskOutcome | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: String, nullable: true }) skipReason: string | null;
  @ApiProperty({ type: TaskAssigneeDto, nullable: true, description: 'Null while in the pool.' }) assignee: TaskAssigneeDto | null;
  @ApiProperty({ type: TaskCustomerDto }) customer: TaskCustomerDto;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '10452',
    description: 'Call and card: the touch carried out. Reply: the touch answered, null when the reply matched none.',
  })
  touchId: string | null;
  @ApiProperty({
    type: TaskReplyDto,
    nullable: true,
    description: "Reply tasks: the customer's words and when they arrived (in lists too); null for calls and cards.",
  })
  reply: TaskReplyDto | null;
  @ApiProperty({
    type: TaskGoalDto,
    nullable: true,
    description:
      "Open reply tasks while a response-time goal is set: counted in the assignee's working hours (the viewer's for the pool); null otherwise.",
  })
  goal: TaskGoalDto | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 1,
    description:
      "Which follow-up try this call is (1, 2, …), planned by the rule's `action.followUps` after an earlier try's outcome; null for the first call.",
  })
  followUpAttempt: number | null;
  @ApiProperty({
    type: TaskAssigneeDto,
    nullable: true,
    description:
      'The staff member whose task this was when it was handed over to their backup (or the pool) because they were away on its day or made inactive; ' +
      'null when it is with its owner (never handed over, or handed back: the timeline keeps both).',
  })
  handedOverFrom: TaskAssigneeDto | null;
  @ApiProperty({ type: Date, nullable: true, description: 'When it was handed over; null with handedOverFrom.' }) handedOverAt: Date | null;
  @ApiProperty({ type: TalkingPointsDto, nullable: true, description: 'Null in lists unless asked for.' })
  talkingPoints: TalkingPointsDto | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ type: Date, nullable: true }) completedAt: Date | null;
}

export class TodayCountsDto {
  @ApiProperty() done: number;
  @ApiProperty() skipped: number;
  @ApiProperty() left: number;
  @ApiProperty() overdue: number;
}

export class TodayListDto {
  @ApiProperty({ format: 'uuid' }) staffId: string;
  @ApiProperty({ format: 'date', description: "Today in the staff member's zone." }) date: string;
  @ApiProperty({ type: TodayCountsDto }) counts: TodayCountsDto;
  @ApiProperty({ type: [TaskDto] }) tasks: TaskDto[];
}

export class PoolListDto {
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ type: [TaskDto] }) tasks: TaskDto[];
}

export class PromotionResultDto {
  @ApiProperty({ description: 'False when another instance was promoting; nothing was done here.' }) ran: boolean;
  @ApiProperty() created: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { suppressed: 2, no_phone: 1 },
    description: 'Call and card touches skipped instead, by reason.',
  })
  skipped: Record<string, number>;
  @ApiProperty({ description: 'Tasks moved to a later day for capacity.' }) moved: number;
}

export class TimelineCustomerDto {
  @ApiProperty() externalId: string;
  @ApiProperty() name: string;
}

export class TimelineEntryDto {
  @ApiProperty({ enum: ['order', 'touch', 'event'] }) type: 'order' | 'touch' | 'event';
  @ApiProperty() id: string;
  @ApiProperty() at: Date;
  @ApiProperty({ description: 'Order status, touch channel, or event kind.' }) kind: string;
  @ApiProperty({ type: String, nullable: true, description: 'Events: the staff member who acted.' }) actor: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'order: { externalId, total, currency, status }; touch: { state, reason, channel, templateKey, rule, dueDate, rendered, task, ' +
      "feedback: the customer's answer { score 1–5, comment, answeredAt } or null }; " +
      'event: what the event recorded, and touchId (a `feedback` event: { score, lowScore, comment: whether one was written }).',
  })
  detail: Record<string, unknown>;
}

export class TimelinePageDto {
  @ApiProperty({ type: TimelineCustomerDto }) customer: TimelineCustomerDto;
  @ApiProperty({ type: [TimelineEntryDto] }) entries: TimelineEntryDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page.' })
  nextCursor: string | null;
}

export class HandoverResultDto {
  @ApiProperty({ description: "Open tasks moved to their holder's backup or the pool." }) handedOver: number;
  @ApiProperty({ description: 'Open tasks moved back to their owner.' }) handedBack: number;
}
