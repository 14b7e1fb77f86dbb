import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError, TooManyRequestsError } from '../common/errors';
import { Principal, Public } from '../staff/auth.decorators';
import { StaffService } from '../staff/staff.service';
import { AuthThrottle } from '../staff/auth-throttle';
import { TASK_KINDS, TaskKind, TaskOutcome } from '../tasks/task.entity';
import { TasksService } from '../tasks/tasks.service';
import { TimelineService } from '../tasks/timeline.service';
import { taskCardModel, timelineEntryModel } from './page-models';
import { Frame, PageName, renderPage, trustedMarkup } from './views';
import { funnelChart, funnelSteps, upliftChart } from '../reports/charts';
import { ReportsService } from '../reports/reports.service';
import { ServiceReportsService } from '../reports/service-reports.service';
import { UpliftResult } from '../reports/uplift';
import { STYLESHEET } from './web.css';
import { clearedSessionCookie, readCookie, safeReturnPath, sameOrigin, SESSION_COOKIE, sessionCookie } from './web-session';
import { WebSessionsService } from './web-sessions.service';

/** Messages after an action, chosen by code so the query string cannot put text on the page. */
const FLASH: Record<string, string> = {
  completed: 'Task completed.',
  snoozed: 'Task snoozed.',
  noted: 'Note added.',
  claimed: 'Task claimed: it is on your list now.',
  'signed-out': 'Signed out.',
};

const STATUS: Record<DomainError['kind'], number> = {
  invalid: 400,
  unprocessable: 422,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  unauthorized: 401,
  too_many_requests: 429,
};

type FormBody = Record<string, unknown>;

/**
 * The account manager's pages, served by the app. Public to the bearer-token guard: these pages
 * authenticate with the session cookie instead (web-session.ts) and call the same services as
 * the REST API, so every rule (who may see what, 400/403/409) holds here too.
 */
@ApiExcludeController()
@Public()
@Controller('app')
export class WebController {
  constructor(
    private readonly sessions: WebSessionsService,
    private readonly throttle: AuthThrottle,
    private readonly staff: StaffService,
    private readonly tasks: TasksService,
    private readonly timeline: TimelineService,
    private readonly reports: ReportsService,
    private readonly serviceReports: ServiceReportsService,
  ) {}

  @Get('app.css')
  css(@Res() res: Response): void {
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.type('text/css').send(STYLESHEET);
  }

  @Get()
  async today(@Req() req: Request, @Res() res: Response, @Query('kind') kind?: string, @Query('flash') flash?: string): Promise<void> {
    const principal = await this.principal(req);
    if (!principal) return this.send(res, 200, 'signIn', { title: 'Sign in', signedIn: false }, { error: null });
    const filter = TASK_KINDS.includes(kind as TaskKind) ? (kind as TaskKind) : undefined;
    await this.page(res, principal, async (timeZone) => {
      const list = await this.tasks.today(principal, { kind: filter, talkingPoints: true });
      const returnPath = filter ? `/app?kind=${filter}` : '/app';
      return {
        page: 'today',
        frame: { title: 'Today', nav: { today: true }, flash: flash ? (FLASH[flash] ?? null) : null },
        context: {
          date: list.date,
          counts: list.counts,
          kind: filter ?? null,
          isCall: filter === 'call',
          isCard: filter === 'card',
          tasks: list.tasks.map((task) => taskCardModel(task, list.date, timeZone, returnPath)),
        },
      };
    });
  }

  @Get('pool')
  async pool(@Req() req: Request, @Res() res: Response, @Query('flash') flash?: string): Promise<void> {
    const principal = await this.principal(req);
    if (!principal) return res.redirect(303, '/app');
    await this.page(res, principal, async (timeZone) => {
      const pool = await this.tasks.pool(principal);
      return {
        page: 'pool',
        frame: { title: 'Pool', nav: { pool: true }, flash: flash ? (FLASH[flash] ?? null) : null },
        context: { tasks: pool.tasks.map((task) => taskCardModel(task, pool.date, timeZone, '/app/pool')) },
      };
    });
  }

  @Get('customers/:externalId')
  async customer(
    @Req() req: Request,
    @Res() res: Response,
    @Param('externalId') externalId: string,
    @Query('cursor') cursor?: string,
  ): Promise<void> {
    const principal = await this.principal(req);
    if (!principal) return res.redirect(303, '/app');
    await this.page(res, principal, async (timeZone) => {
      const page = await this.timeline.forCustomer(principal, externalId, {
        cursor: typeof cursor === 'string' ? cursor : undefined,
        limit: '25',
      });
      const path = `/app/customers/${encodeURIComponent(externalId)}`;
      return {
        page: 'timeline',
        frame: { title: page.customer.name },
        context: {
          customerName: page.customer.name,
          externalId,
          entries: page.entries.map((entry) => timelineEntryModel(entry, timeZone)),
          nextHref: page.nextCursor ? `${path}?cursor=${encodeURIComponent(page.nextCursor)}` : null,
        },
      };
    });
  }

  @Get('reports')
  async reportsPage(@Req() req: Request, @Res() res: Response): Promise<void> {
    const principal = await this.principal(req);
    if (!principal) return res.redirect(303, '/app');
    const days = 30;
    await this.page(res, principal, async () => {
      const period = this.reports.period();
      const [funnels, uplifts, feedback, service] = await Promise.all([
        this.reports.ruleReport(principal, period),
        this.reports.upliftReport(principal, period, days),
        this.serviceReports.feedbackReport(principal, period, 'rule'),
        this.serviceReports.serviceReport(principal, period),
      ]);
      return {
        page: 'reports',
        frame: { title: 'Reports', nav: { reports: true } },
        context: {
          from: period.from.toISOString().slice(0, 10),
          to: period.to.toISOString().slice(0, 10),
          days,
          scoped: principal.role !== 'admin',
          rules: funnels.map((row) => {
            const uplift = uplifts.find((u) => u.ruleId === row.ruleId);
            return {
              ruleId: row.ruleId,
              rule: row.rule,
              channel: row.channel,
              funnelSvg: trustedMarkup(funnelChart(row.rule, funnelSteps(row))),
              uplift: upliftSummary(uplift?.result),
              upliftSvg: uplift ? trustedMarkup(upliftChart(uplift)) : '',
            };
          }),
          feedback: feedback.map((row) => ({
            rule: row.label,
            asked: row.asked,
            answered: row.answered,
            rate: percent(row.responseRate),
            average: row.averageScore ?? '–',
            lowScores: row.lowScores,
            goal: goalMark(row.meetsSatisfactionGoal),
          })),
          service: service.map((row) => ({
            manager: row.manager,
            month: row.month,
            replies: row.replies,
            median: minutesText(row.medianMinutes),
            p90: minutesText(row.p90Minutes),
            within: row.withinGoalShare === null ? '–' : percent(row.withinGoalShare),
            average: row.averageScore ?? '–',
            goal: goalMark(row.meetsSatisfactionGoal),
          })),
        },
      };
    });
  }

  @Post('sign-in')
  async signIn(@Req() req: Request, @Res() res: Response, @Body() body: FormBody): Promise<void> {
    if (!sameOrigin(req.headers)) return this.forbiddenOrigin(res);
    const token = typeof body.token === 'string' ? body.token.trim() : '';
    const address = req.ip ?? 'unknown';
    try {
      await this.throttle.assertAllowed(address, token || null);
      const session = token ? await this.sessions.open(token) : null;
      if (!session) {
        await this.throttle.recordFailure(address, token || null);
        return this.send(
          res,
          401,
          'signIn',
          { title: 'Sign in', signedIn: false },
          { error: 'That token was not recognised. Check it and try again.' },
        );
      }
      // req.secure is true over TLS, and behind a proxy TRUST_PROXY trusts when it says https.
      res.setHeader('Set-Cookie', sessionCookie(session.id, session.maxAgeSeconds, req.secure));
      res.redirect(303, '/app');
    } catch (error) {
      if (!(error instanceof TooManyRequestsError)) throw error;
      res.setHeader('Retry-After', String(error.retryAfterSeconds));
      this.send(
        res,
        429,
        'signIn',
        { title: 'Sign in', signedIn: false },
        { error: `Too many failed sign-ins. Try again in ${error.retryAfterSeconds} seconds.` },
      );
    }
  }

  @Post('sign-out')
  async signOut(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (!sameOrigin(req.headers)) return this.forbiddenOrigin(res);
    const sessionId = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (sessionId) await this.sessions.revoke(sessionId);
    res.setHeader('Set-Cookie', clearedSessionCookie(req.secure));
    res.redirect(303, '/app?flash=signed-out');
  }

  @Post('tasks/:id/complete')
  complete(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Body() body: FormBody): Promise<void> {
    return this.action(req, res, body, 'completed', (p) =>
      this.tasks.complete(p, id, {
        outcome: String(body.outcome ?? '') as TaskOutcome,
        note: typeof body.note === 'string' ? body.note : undefined,
      }),
    );
  }

  @Post('tasks/:id/snooze')
  snooze(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Body() body: FormBody): Promise<void> {
    return this.action(req, res, body, 'snoozed', (p) => this.tasks.snooze(p, id, { until: String(body.until ?? '') }));
  }

  @Post('tasks/:id/note')
  note(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Body() body: FormBody): Promise<void> {
    return this.action(req, res, body, 'noted', (p) => this.tasks.addNote(p, id, { note: String(body.note ?? '') }));
  }

  @Post('tasks/:id/claim')
  claim(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Body() body: FormBody): Promise<void> {
    return this.action(req, res, body, 'claimed', (p) => this.tasks.claim(p, id));
  }

  // ---- helpers -----------------------------------------------------------------------------

  private async principal(req: Request): Promise<Principal | null> {
    const sessionId = readCookie(req.headers.cookie, SESSION_COOKIE);
    return sessionId ? this.sessions.authenticate(sessionId) : null;
  }

  /** A form POST: same-origin check, signed in, the service call, then back with a message (or an error page). */
  private async action(
    req: Request,
    res: Response,
    body: FormBody,
    done: string,
    run: (principal: Principal) => Promise<unknown>,
  ): Promise<void> {
    if (!sameOrigin(req.headers)) return this.forbiddenOrigin(res);
    const principal = await this.principal(req);
    if (!principal) return res.redirect(303, '/app');
    const back = safeReturnPath(body.return);
    try {
      await run(principal);
    } catch (error) {
      return this.error(res, principal, error, back);
    }
    res.redirect(303, `${back}${back.includes('?') ? '&' : '?'}flash=${done}`);
  }

  private async page(
    res: Response,
    principal: Principal,
    build: (timeZone: string) => Promise<{ page: PageName; frame: Omit<Frame, 'signedIn'>; context: object }>,
  ): Promise<void> {
    try {
      const me = await this.staff.get(principal.staffId);
      const { page, frame, context } = await build(me.timeZone);
      this.send(res, 200, page, { ...frame, signedIn: true, staffName: principal.name }, context);
    } catch (error) {
      this.error(res, principal, error, '/app');
    }
  }

  private error(res: Response, principal: Principal, error: unknown, back: string): void {
    if (!(error instanceof DomainError)) throw error;
    const heading =
      error.kind === 'forbidden'
        ? 'Not yours'
        : error.kind === 'not_found'
          ? 'Not found'
          : error.kind === 'conflict'
            ? 'Already done'
            : 'Please check';
    this.send(
      res,
      STATUS[error.kind],
      'error',
      { title: heading, signedIn: true, staffName: principal.name },
      {
        heading,
        message: error.message,
        fields: error.errors,
        back,
      },
    );
  }

  private forbiddenOrigin(res: Response): void {
    this.send(
      res,
      403,
      'error',
      { title: 'Refused', signedIn: false },
      {
        heading: 'Refused',
        message: 'This form was not sent from a Touchpoint page.',
        fields: [],
        back: '/app',
      },
    );
  }

  private send(res: Response, status: number, page: PageName, frame: Frame, context: object): void {
    res.status(status);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.send(renderPage(page, frame, context));
  }
}

function upliftSummary(result: UpliftResult | undefined): Record<string, unknown> {
  if (!result) return { enough: false, reason: 'No touches or holdout in this period.' };
  if (!result.enough) return { enough: false, reason: result.reason };
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
  const points = (value: number) => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)} points`;
  const money = (value: number) => value.toFixed(2);
  return {
    enough: true,
    touched: result.touched.customers,
    holdout: result.holdout.customers,
    touchedRate: percent(result.touched.conversionRate),
    holdoutRate: percent(result.holdout.conversionRate),
    estimate: points(result.conversionUplift.estimate),
    low: points(result.conversionUplift.low),
    high: points(result.conversionUplift.high),
    revenue: money(result.revenueUplift.estimate),
    revenueLow: money(result.revenueUplift.low),
    revenueHigh: money(result.revenueUplift.high),
  };
}

function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

/** Working minutes as people read them: `45 min`, `2 h 5 min`. */
function minutesText(minutes: number | null): string {
  if (minutes === null) return '–';
  const whole = Math.round(minutes);
  return whole < 60 ? `${whole} min` : `${Math.floor(whole / 60)} h${whole % 60 ? ` ${whole % 60} min` : ''}`;
}

function goalMark(meets: boolean | null): string {
  return meets === null ? '' : meets ? 'goal met' : 'below goal';
}
