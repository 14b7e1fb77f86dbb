import { applyDecorators, Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ApiErrors, ApiTokenAuth } from '../common/api-docs';
import type { FastifyReply as Response } from 'fastify';
import { AuditService } from '../audit/audit.service';
import { CurrentStaff, Principal } from '../staff/auth.decorators';
import { toCsv } from './csv';
import { FeedbackQueryDto, PeriodQueryDto, ReportQueryDto, UpliftQueryDto } from './dto/report-query.dto';
import { FeedbackReportRowDto, RuleReportRowDto, ServiceReportRowDto, StaffReportRowDto, UpliftRowDto } from './dto/report-response.dto';
import { ReportsService } from './reports.service';
import { ServiceReportsService } from './service-reports.service';
import { MIN_CONVERSIONS, MIN_GROUP_SIZE } from './uplift';

const UPLIFT_METHOD =
  'Intention to treat, counted in customers, not touches. Treated group ("touched"): every customer the rule selected for ' +
  'treatment in the period, whatever happened to their touch (sent, failed, capped, expired, skipped by staff, opted out). ' +
  'Holdout group: every customer the rule held out (its stable control group, drawn before any other check) in the same period. ' +
  "Each customer is one observation from their first touch of the rule in the period, in the group of that touch (if the rule's holdout changed and two " +
  'first touches share one instant, the held-out one): did they place an order within `days` after it, and for how much ' +
  '(placed orders in BASE_CURRENCY). Conversion uplift is the difference of the two shares with a normal-approximation (Wald) ' +
  "95% interval; revenue uplift is the difference of mean revenue per observation with Welch's standard error and a 95% normal interval. " +
  `Below ${MIN_GROUP_SIZE} observations in either group, or ${MIN_CONVERSIONS} orders across both, the answer is "not enough data yet". ` +
  'Windows that reach past today are not yet complete for either group.';

const FEEDBACK_COLUMNS = [
  'key',
  'label',
  'asked',
  'answered',
  'responseRate',
  'averageScore',
  'lowScores',
  'satisfactionGoal',
  'meetsSatisfactionGoal',
];

const SERVICE_COLUMNS = [
  'manager',
  'month',
  'replies',
  'medianMinutes',
  'p90Minutes',
  'withinGoal',
  'withinGoalShare',
  'replyGoalMinutes',
  'feedbackAnswers',
  'averageScore',
  'satisfactionGoal',
  'meetsSatisfactionGoal',
];

/** A report answers JSON rows, or with `format=csv` the same as a spreadsheet. */
function ApiReport(row: new () => object, csvColumns: string): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(row),
    ApiProduces('application/json', 'text/csv'),
    ApiOkResponse({
      description: `JSON rows; with \`format=csv\` a CSV file with the columns ${csvColumns}.`,
      content: {
        'application/json': { schema: { type: 'array', items: { $ref: getSchemaPath(row) } } },
        'text/csv': { schema: { type: 'string' } },
      },
    }),
    ApiErrors([400, 'A bad period, ruleId, format or days.']),
  );
}

@ApiTags('reports')
@ApiTokenAuth()
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly serviceReports: ServiceReportsService,
    private readonly audit: AuditService,
  ) {}

  /** A CSV leaves the system: who took which report, for which period, and how many rows. */
  private exported(principal: Principal, report: string, query: object, rows: number): Promise<void> {
    return this.audit.recordAlone({
      actorStaffId: principal.staffId,
      action: 'export',
      entityType: 'report',
      entityId: report,
      after: { format: 'csv', query, rows },
    });
  }

  @Get('rules')
  @ApiOperation({
    summary: 'Per rule: planned, sent, delivered, bounced, opened, clicked, replies, tasks done by outcome, skipped and failed by reason',
    description: 'Touches due in the period. Managers see their own customers only. `format=csv` for a spreadsheet.',
  })
  @ApiReport(RuleReportRowDto, 'rule, channel, planned, sent, delivered, bounced, opened, clicked, replies, tasksDone, skipped, failed')
  async rules(@CurrentStaff() principal: Principal, @Query() query: ReportQueryDto, @Res({ passthrough: true }) res: Response) {
    const rows = await this.reports.ruleReport(principal, this.reports.period(query.from, query.to), query.ruleId);
    if (query.format !== 'csv') return rows;
    await this.exported(principal, 'rules', query, rows.length);
    return csv(
      res,
      'rules',
      ['rule', 'channel', 'planned', 'sent', 'delivered', 'bounced', 'opened', 'clicked', 'replies', 'tasksDone', 'skipped', 'failed'],
      rows as never,
    );
  }

  @Get('uplift')
  @ApiOperation({
    summary: 'Per rule: reorders and revenue after a touch against the holdout group, with 95% intervals',
    description: UPLIFT_METHOD,
  })
  @ApiReport(
    UpliftRowDto,
    'rule, touched, holdout, conversionTouched, conversionHoldout, conversionUplift, conversionLow, conversionHigh, revenueUplift, revenueLow, revenueHigh, note',
  )
  async uplift(@CurrentStaff() principal: Principal, @Query() query: UpliftQueryDto, @Res({ passthrough: true }) res: Response) {
    const rows = await this.reports.upliftReport(principal, this.reports.period(query.from, query.to), query.days ?? 30, query.ruleId);
    if (query.format !== 'csv') return rows;
    await this.exported(principal, 'uplift', query, rows.length);
    const flat = rows.map(({ rule, result }) =>
      result.enough
        ? {
            rule,
            touched: result.touched.customers,
            holdout: result.holdout.customers,
            conversionTouched: round(result.touched.conversionRate),
            conversionHoldout: round(result.holdout.conversionRate),
            conversionUplift: round(result.conversionUplift.estimate),
            conversionLow: round(result.conversionUplift.low),
            conversionHigh: round(result.conversionUplift.high),
            revenueUplift: round(result.revenueUplift.estimate),
            revenueLow: round(result.revenueUplift.low),
            revenueHigh: round(result.revenueUplift.high),
            note: '',
          }
        : { rule, touched: result.touched.customers, holdout: result.holdout.customers, note: result.reason },
    );
    return csv(
      res,
      'uplift',
      [
        'rule',
        'touched',
        'holdout',
        'conversionTouched',
        'conversionHoldout',
        'conversionUplift',
        'conversionLow',
        'conversionHigh',
        'revenueUplift',
        'revenueLow',
        'revenueHigh',
        'note',
      ],
      flat,
    );
  }

  @Get('staff')
  @ApiOperation({
    summary: 'Per account manager: tasks done, open, overdue, average days late, outcomes',
    description: 'A manager sees their own line only.',
  })
  @ApiReport(StaffReportRowDto, 'name, done, open, overdue, averageDaysLate, outcomes')
  async staff(@CurrentStaff() principal: Principal, @Query() query: ReportQueryDto, @Res({ passthrough: true }) res: Response) {
    const rows = await this.reports.staffReport(principal, this.reports.period(query.from, query.to));
    if (query.format !== 'csv') return rows;
    await this.exported(principal, 'staff', query, rows.length);
    return csv(res, 'staff', ['name', 'done', 'open', 'overdue', 'averageDaysLate', 'outcomes'], rows as never);
  }

  @Get('feedback')
  @ApiOperation({
    summary: 'Feedback: response rate and average score per rule, per manager or per month, against the satisfaction goal',
    description:
      'Counts the emails and SMS sent in the period (by their scheduled time) that carried a feedback link (rules with ' +
      '`action.askFeedback`), and their answers whenever given: response rate = answered ÷ asked, the mean score (1–5) and the ' +
      "low scores. `by`: `rule`, `manager` (the customers' account manager) or `month` (UTC). Computed live from the answers: " +
      'an answer shows at once. Managers see their own customers only. `format=csv` for a spreadsheet.',
  })
  @ApiReport(FeedbackReportRowDto, FEEDBACK_COLUMNS.join(', '))
  async feedback(@CurrentStaff() principal: Principal, @Query() query: FeedbackQueryDto, @Res({ passthrough: true }) res: Response) {
    const rows = await this.serviceReports.feedbackReport(
      principal,
      this.reports.period(query.from, query.to),
      query.by ?? 'rule',
      query.ruleId,
    );
    if (query.format !== 'csv') return rows;
    await this.exported(principal, 'feedback', query, rows.length);
    return csv(res, `feedback-by-${query.by ?? 'rule'}`, FEEDBACK_COLUMNS, rows as never);
  }

  @Get('service')
  @ApiOperation({
    summary: 'Service goals per manager and month: reply times in working hours and satisfaction, against the goals',
    description:
      "Reply tasks completed in the period: working minutes from the reply's arrival to the task's completion, counted only in the " +
      "manager's working day (PUT /goals `workdayStart`–`workdayEnd`, Monday to Friday, in the manager's zone; a reply at 20:00 on " +
      'Friday answered at 09:30 on Monday took 30 minutes), their median and 90th percentile (interpolated) and the share within ' +
      "`replyWithinMinutes`; and the average feedback score given in the period on the manager's customers against " +
      "`satisfactionAtLeast`. Months in the manager's zone. Managers see their own rows only. `format=csv` for a spreadsheet.",
  })
  @ApiReport(ServiceReportRowDto, SERVICE_COLUMNS.join(', '))
  async service(@CurrentStaff() principal: Principal, @Query() query: PeriodQueryDto, @Res({ passthrough: true }) res: Response) {
    const rows = await this.serviceReports.serviceReport(principal, this.reports.period(query.from, query.to));
    if (query.format !== 'csv') return rows;
    await this.exported(principal, 'service', query, rows.length);
    return csv(res, 'service', SERVICE_COLUMNS, rows as never);
  }
}

function csv(res: Response, name: string, columns: string[], rows: Record<string, unknown>[]): string {
  res.header('Content-Type', 'text/csv; charset=utf-8');
  res.header('Content-Disposition', `attachment; filename="touchpoint-${name}.csv"`);
  return toCsv(columns, rows);
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}
