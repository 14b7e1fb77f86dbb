import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';

const COUNT_MAP = { type: 'object', additionalProperties: { type: 'integer' } } as const;

export class RuleReportRowDto {
  @ApiProperty({ format: 'uuid' }) ruleId: string;
  @ApiProperty({ example: 'Birthday email' }) rule: string;
  @ApiProperty({ enum: ['email', 'sms', 'call', 'card'] }) channel: string;
  @ApiProperty() planned: number;
  @ApiProperty() sent: number;
  @ApiProperty() delivered: number;
  @ApiProperty() bounced: number;
  @ApiProperty() opened: number;
  @ApiProperty() clicked: number;
  @ApiProperty() replies: number;
  @ApiProperty({ ...COUNT_MAP, description: 'Tasks done, by outcome.', example: { reached: 12, left_voicemail: 3 } }) tasksDone: Record<
    string,
    number
  >;
  @ApiProperty({ ...COUNT_MAP, description: 'Skipped touches, by reason.', example: { holdout: 5 } }) skipped: Record<string, number>;
  @ApiProperty({ ...COUNT_MAP, description: 'Failed touches, by reason.' }) failed: Record<string, number>;
}

export class GroupSizeDto {
  @ApiProperty({ description: 'Observations (touches) in the group.' }) customers: number;
}

export class GroupResultDto extends GroupSizeDto {
  @ApiProperty({ description: 'Share that ordered within the window, 0–1.' }) conversionRate: number;
  @ApiProperty({ description: 'Mean revenue per observation in BASE_CURRENCY.' }) revenuePerCustomer: number;
}

export class IntervalDto {
  @ApiProperty() estimate: number;
  @ApiProperty({ description: 'Lower end of the 95% interval.' }) low: number;
  @ApiProperty({ description: 'Upper end of the 95% interval.' }) high: number;
}

export class UpliftEnoughDto {
  @ApiProperty({ enum: [true] }) enough: true;
  @ApiProperty({ type: GroupResultDto }) touched: GroupResultDto;
  @ApiProperty({ type: GroupResultDto }) holdout: GroupResultDto;
  @ApiProperty({ type: IntervalDto, description: 'Touched minus holdout, as a share (0.05 = five points).' }) conversionUplift: IntervalDto;
  @ApiProperty({ type: IntervalDto, description: 'Touched minus holdout, mean revenue per observation.' }) revenueUplift: IntervalDto;
}

export class UpliftNotEnoughDto {
  @ApiProperty({ enum: [false] }) enough: false;
  @ApiProperty({ example: 'not enough data yet: each group needs at least 30 customers' }) reason: string;
  @ApiProperty({ type: GroupSizeDto }) touched: GroupSizeDto;
  @ApiProperty({ type: GroupSizeDto }) holdout: GroupSizeDto;
}

const UPLIFT_RESULT = {
  oneOf: [{ $ref: getSchemaPath(UpliftEnoughDto) }, { $ref: getSchemaPath(UpliftNotEnoughDto) }],
};

export class UpliftMonthDto {
  @ApiProperty({ example: '2026-09' }) month: string;
  @ApiProperty(UPLIFT_RESULT) result: UpliftEnoughDto | UpliftNotEnoughDto;
}

@ApiExtraModels(UpliftEnoughDto, UpliftNotEnoughDto)
export class UpliftRowDto {
  @ApiProperty({ format: 'uuid' }) ruleId: string;
  @ApiProperty() rule: string;
  @ApiProperty({ ...UPLIFT_RESULT, description: 'Over the whole period; `enough` tells which form.' }) result:
    UpliftEnoughDto | UpliftNotEnoughDto;
  @ApiProperty({ type: [UpliftMonthDto], description: 'The same comparison month by month.' }) series: UpliftMonthDto[];
}

export class StaffReportRowDto {
  @ApiProperty({ format: 'uuid' }) staffId: string;
  @ApiProperty() name: string;
  @ApiProperty() done: number;
  @ApiProperty() overdue: number;
  @ApiProperty() open: number;
  @ApiProperty({ type: Number, nullable: true }) averageDaysLate: number | null;
  @ApiProperty({ ...COUNT_MAP, description: 'Tasks done, by outcome.' }) outcomes: Record<string, number>;
}

export class FeedbackReportRowDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The rule id, the manager id (null: customers without one), or the month YYYY-MM.',
  })
  key: string | null;
  @ApiProperty({ example: 'Thank-you SMS', description: "The rule's name, the manager's name, or the month." }) label: string;
  @ApiProperty({ description: 'Emails and SMS sent in the period that carried a feedback link.' }) asked: number;
  @ApiProperty({ description: 'Of those, the ones the customer answered.' }) answered: number;
  @ApiProperty({ example: 0.35, description: 'answered ÷ asked, 0–1.' }) responseRate: number;
  @ApiProperty({ type: Number, nullable: true, example: 4.3, description: 'Mean score 1–5; null without answers.' }) averageScore:
    number | null;
  @ApiProperty({ description: 'Answers at or below FEEDBACK_LOW_SCORE.' }) lowScores: number;
  @ApiProperty({ type: Number, nullable: true, description: 'The satisfaction goal (PUT /goals); null when none is set.' })
  satisfactionGoal: number | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'Whether the average reaches the goal; null without a goal or answers.' })
  meetsSatisfactionGoal: boolean | null;
}

export class ServiceReportRowDto {
  @ApiProperty({ format: 'uuid' }) managerId: string;
  @ApiProperty({ example: 'Emma Clarke' }) manager: string;
  @ApiProperty({ example: '2026-12', description: "YYYY-MM in the manager's zone." }) month: string;
  @ApiProperty({ description: 'Reply tasks completed that month.' }) replies: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 30,
    description:
      "Median working minutes from a reply's arrival to its task's completion, in the manager's working hours; null without replies.",
  })
  medianMinutes: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '90th percentile of the same (interpolated, like percentile_cont).' })
  p90Minutes: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Replies answered within the response-time goal; null without a goal or replies.',
  })
  withinGoal: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 0.9, description: 'withinGoal ÷ replies, 0–1.' }) withinGoalShare: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The goal in working minutes (PUT /goals).' }) replyGoalMinutes: number | null;
  @ApiProperty({ description: "Feedback answers given that month on the manager's customers." }) feedbackAnswers: number;
  @ApiProperty({ type: Number, nullable: true, example: 4.6 }) averageScore: number | null;
  @ApiProperty({ type: Number, nullable: true }) satisfactionGoal: number | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'Whether the average reaches the goal; null without a goal or answers.' })
  meetsSatisfactionGoal: boolean | null;
}
