import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { DomainError, TooManyRequestsError } from '../common/errors';
import { Principal, Public } from '../staff/auth.decorators';
import { StaffService } from '../staff/staff.service';
import { AuthThrottle } from '../staff/auth-throttle';
import { Staff } from '../staff/staff.entity';
import { TASK_KINDS, TaskKind, TaskOutcome } from '../tasks/task.entity';
import { TasksService } from '../tasks/tasks.service';
import { TimelineService } from '../tasks/timeline.service';
import { MessageKey, negotiateLocale, pageText, PageText } from './i18n/page-text';
import { nextTaskId } from './next-task';
import { kindLabel, taskCardModel, timelineEntryModel } from './page-models';
import { Frame, PageName, renderPage, trustedMarkup } from './views';
import { funnelChart, funnelSteps, upliftChart } from '../reports/charts';
import { ReportsService } from '../reports/reports.service';
import { ServiceReportsService } from '../reports/service-reports.service';
import { UpliftResult } from '../reports/uplift';
import { STYLESHEET } from './web.css';
import { clearedSessionCookie, readCookie, safeReturnPath, sameOrigin, SESSION_COOKIE, sessionCookie } from './web-session';
import { WebSessionsService } from './web-sessions.service';

/** Messages after an action, chosen by code so the query string cannot put text on the page. */
const FLASH: Record<string, MessageKey> = {
  completed: 'flashCompleted',
  snoozed: 'flashSnoozed',
  noted: 'flashNoted',
  claimed: 'flashClaimed',
  skipped: 'flashSkipped',
  pooled: 'flashPooled',
  'signed-out': 'flashSignedOut',
  'done-for-today': 'flashDoneForToday',
  language: 'flashLanguage',
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

/** The error page's heading and explanation per kind; field errors are listed under them. */
const ERROR_TEXT: Record<DomainError['kind'], [MessageKey, MessageKey | null]> = {
  invalid: ['errorCheck', 'errorCheckMessage'],
  unprocessable: ['errorCheck', 'errorCheckMessage'],
  not_found: ['errorNotFound', 'errorNotFoundMessage'],
  conflict: ['errorAlreadyDone', 'errorAlreadyDoneMessage'],
  forbidden: ['errorNotYours', 'errorNotYoursMessage'],
  unauthorized: ['errorRefused', null],
  too_many_requests: ['errorTooMany', null],
};

type FormBody = Record<string, unknown>;

type Built = { page: PageName; frame: Omit<Frame, 'signedIn'>; context: object };

function kindFilter(value: unknown): TaskKind | undefined {
  return TASK_KINDS.includes(value as TaskKind) ? (value as TaskKind) : undefined;
}

/**
 * The account manager's pages, served by the app. Public to the bearer-token guard: these pages
 * authenticate with the session cookie instead (web-session.ts) and call the same services as
 * the REST API, so every rule (who may see what, 400/403/409) holds here too. Each page speaks
 * its reader's language (staff `locale`; before sign-in, the browser's) and shows times in
 * their zone.
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
    res.header('Cache-Control', 'public, max-age=3600');
    res.type('text/css; charset=utf-8').send(STYLESHEET);
  }

  @Get()
  async today(@Req() req: Request, @Res() res: Response, @Query('kind') kind?: string, @Query('flash') flash?: string): Promise<void> {
    const principal = await this.principal(req);
    if (!principal) return this.signInPage(req, res, 200, null);
    const filter = kindFilter(kind);
    await this.page(res, principal, flash, async (me, text) => {
      const list = await this.tasks.today(principal, { kind: filter, talkingPoints: true });
      const returnPath = filter ? `/app?kind=${filter}` : '/app';
      const { counts } = list;
      return {
        page: 'today',
        frame: { title: text.t('todayTitle'), nav: { today: true } },
        context: {
          heading: text.t('todayHeading', { date: text.day(list.date) }),
          counts: [
            `${text.t('countsLeft', { count: counts.left })}${counts.overdue ? ` (${text.t('countsOverdue', { count: counts.overdue })})` : ''}`,
            text.t('countsDone', { count: counts.done }),
            ...(counts.skipped ? [text.t('countsSkipped', { count: counts.skipped })] : []),
          ].join(' · '),
          kind: filter ?? null,
          isCall: filter === 'call',
          isCard: filter === 'card',
          isReply: filter === 'reply',
          startHref: list.tasks.length > 0 ? taskPath(list.tasks[0].id, filter) : null,
          tasks: list.tasks.map((task) => taskCardModel(task, list.date, me.timeZone, text, { returnPath, notePath: returnPath })),
        },
      };
    });
  }

  /** One task on its own page, where the "next task" flow stops: its actions lead on to the next. */
  @Get('tasks/:id')
  async task(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id') id: string,
    @Query('kind') kind?: string,
    @Query('flash') flash?: string,
  ): Promise<void> {
    const principal = await this.principal(req);
    if (!principal) return res.redirect('/app', 303);
    const filter = kindFilter(kind);
    await this.page(res, principal, flash, async (me, text) => {
      const task = await this.tasks.get(principal, id);
      const list = await this.tasks.today(principal, { kind: filter });
      const index = list.tasks.findIndex((listed) => listed.id === task.id);
      const here = taskPath(task.id, filter);
      const heading = text.t('taskTitle', { kind: kindLabel(text, task.kind), name: task.customer.name });
      return {
        page: 'task',
        frame: { title: heading, nav: { today: true } },
        context: {
          heading,
          position: index >= 0 ? text.t('taskPosition', { position: index + 1, total: list.tasks.length }) : null,
          backHref: filter ? `/app?kind=${filter}` : '/app',
          task: taskCardModel(task, list.date, me.timeZone, text, { returnPath: here, notePath: here, flow: { kind: filter ?? '' } }),
        },
      };
    });
  }

  @Get('pool')
  async pool(@Req() req: Request, @Res() res: Response, @Query('flash') flash?: string): Promise<void> {
    const principal = await this.principal(req);
    if (!principal) return res.redirect('/app', 303);
    await this.page(res, principal, flash, async (me, text) => {
      const pool = await this.tasks.pool(principal);
      const place = { returnPath: '/app/pool', notePath: '/app/pool' };
      return {
        page: 'pool',
        frame: { title: text.t('poolTitle'), nav: { pool: true } },
        context: { tasks: pool.tasks.map((task) => taskCardModel(task, pool.date, me.timeZone, text, place)) },
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
    if (!principal) return res.redirect('/app', 303);
    await this.page(res, principal, undefined, async (me, text) => {
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
          meta: text.t('timelineMeta', { id: externalId }),
          entries: page.entries.map((entry) => timelineEntryModel(entry, text, me.timeZone)),
          nextHref: page.nextCursor ? `${path}?cursor=${encodeURIComponent(page.nextCursor)}` : null,
        },
      };
    });
  }

  @Get('reports')
  async reportsPage(@Req() req: Request, @Res() res: Response): Promise<void> {
    const principal = await this.principal(req);
    if (!principal) return res.redirect('/app', 303);
    const days = 30;
    await this.page(res, principal, undefined, async (_me, text) => {
      const period = this.reports.period();
      const [funnels, uplifts, feedback, service] = await Promise.all([
        this.reports.ruleReport(principal, period),
        this.reports.upliftReport(principal, period, days),
        this.serviceReports.feedbackReport(principal, period, 'rule'),
        this.serviceReports.serviceReport(principal, period),
      ]);
      return {
        page: 'reports',
        frame: { title: text.t('navReports'), nav: { reports: true } },
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
    if (!sameOrigin(req.headers)) return this.forbiddenOrigin(req, res);
    const token = typeof body.token === 'string' ? body.token.trim() : '';
    const address = req.ip ?? 'unknown';
    try {
      await this.throttle.assertAllowed(address, token || null);
      const session = token ? await this.sessions.open(token) : null;
      if (!session) {
        await this.throttle.recordFailure(address, token || null);
        return this.signInPage(req, res, 401, (text) => text.t('signInUnknownToken'));
      }
      // req.protocol === 'https' is true over TLS, and behind a proxy TRUST_PROXY trusts when it says https.
      res.header('Set-Cookie', sessionCookie(session.id, session.maxAgeSeconds, req.protocol === 'https'));
      res.redirect('/app', 303);
    } catch (error) {
      if (!(error instanceof TooManyRequestsError)) throw error;
      res.header('Retry-After', String(error.retryAfterSeconds));
      this.signInPage(req, res, 429, (text) => text.t('signInTooMany', { seconds: error.retryAfterSeconds }));
    }
  }

  @Post('sign-out')
  async signOut(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (!sameOrigin(req.headers)) return this.forbiddenOrigin(req, res);
    const sessionId = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (sessionId) await this.sessions.revoke(sessionId);
    res.header('Set-Cookie', clearedSessionCookie(req.protocol === 'https'));
    res.redirect('/app?flash=signed-out', 303);
  }

  /** The reader's own page language: the same as `PATCH /me`, checked by the staff service (422 naming `locale`). */
  @Post('language')
  async language(@Req() req: Request, @Res() res: Response, @Body() body: FormBody): Promise<void> {
    if (!sameOrigin(req.headers)) return this.forbiddenOrigin(req, res);
    const principal = await this.principal(req);
    if (!principal) return res.redirect('/app', 303);
    try {
      await this.staff.update(principal.staffId, { locale: String(body.locale ?? '') }, principal.staffId);
    } catch (error) {
      return this.error(res, principal, error, '/app');
    }
    res.redirect('/app?flash=language', 303);
  }

  @Post('tasks/:id/complete')
  complete(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Body() body: FormBody): Promise<void> {
    return this.action(req, res, body, 'completed', id, (p) =>
      this.tasks.complete(p, id, {
        outcome: String(body.outcome ?? '') as TaskOutcome,
        note: typeof body.note === 'string' ? body.note : undefined,
      }),
    );
  }

  @Post('tasks/:id/skip')
  skip(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Body() body: FormBody): Promise<void> {
    return this.action(req, res, body, 'skipped', id, (p) => this.tasks.skip(p, id, { reason: String(body.reason ?? '') }));
  }

  /** Back to the shared pool: the same as the API's reassign to `null`, which managers may do with their own tasks. */
  @Post('tasks/:id/pool')
  handToPool(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Body() body: FormBody): Promise<void> {
    return this.action(req, res, body, 'pooled', id, (p) => this.tasks.reassign(p, id, { staffId: null }));
  }

  @Post('tasks/:id/snooze')
  snooze(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Body() body: FormBody): Promise<void> {
    return this.action(req, res, body, 'snoozed', id, (p) => this.tasks.snooze(p, id, { until: String(body.until ?? '') }));
  }

  @Post('tasks/:id/note')
  note(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Body() body: FormBody): Promise<void> {
    // A note leaves the task open: back to where it was written, never on to the next task.
    return this.action(req, res, { ...body, flow: undefined }, 'noted', id, (p) =>
      this.tasks.addNote(p, id, { note: String(body.note ?? '') }),
    );
  }

  @Post('tasks/:id/claim')
  claim(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Body() body: FormBody): Promise<void> {
    return this.action(req, res, { ...body, flow: undefined }, 'claimed', id, (p) => this.tasks.claim(p, id));
  }

  // ---- helpers -----------------------------------------------------------------------------

  private async principal(req: Request): Promise<Principal | null> {
    const sessionId = readCookie(req.headers.cookie, SESSION_COOKIE);
    return sessionId ? this.sessions.authenticate(sessionId) : null;
  }

  /**
   * A form POST: same-origin check, signed in, the service call, then (post-redirect-get) back
   * with a message, or an error page. From the task page (`flow=next`) it goes on to the next
   * open task of the list instead, in the list's order, or to the list when nothing is left.
   */
  private async action(
    req: Request,
    res: Response,
    body: FormBody,
    done: string,
    taskId: string,
    run: (principal: Principal) => Promise<unknown>,
  ): Promise<void> {
    if (!sameOrigin(req.headers)) return this.forbiddenOrigin(req, res);
    const principal = await this.principal(req);
    if (!principal) return res.redirect('/app', 303);
    const back = safeReturnPath(body.return);
    const flow = body.flow === 'next';
    const kind = kindFilter(body.kind);
    try {
      const before = flow ? await this.openIds(principal, kind) : [];
      await run(principal);
      if (flow) {
        const next = nextTaskId(before, await this.openIds(principal, kind), taskId);
        const query = kind ? `kind=${kind}&` : '';
        return res.redirect(next ? `/app/tasks/${next}?${query}flash=${done}` : `/app?${query}flash=done-for-today`, 303);
      }
    } catch (error) {
      return this.error(res, principal, error, back);
    }
    res.redirect(`${back}${back.includes('?') ? '&' : '?'}flash=${done}`, 303);
  }

  /** The ids of the open list, in its order. */
  private async openIds(principal: Principal, kind: TaskKind | undefined): Promise<string[]> {
    return (await this.tasks.today(principal, { kind })).tasks.map((task) => task.id);
  }

  private async page(
    res: Response,
    principal: Principal,
    flash: string | undefined,
    build: (me: Staff, text: PageText) => Promise<Built>,
  ): Promise<void> {
    let text = pageText(undefined);
    try {
      const me = await this.staff.get(principal.staffId);
      text = pageText(me.locale);
      const { page, frame, context } = await build(me, text);
      const message = flash && FLASH[flash] ? text.t(FLASH[flash]) : null;
      this.send(res, 200, page, { ...frame, flash: message, signedIn: true, staffName: principal.name }, context, text);
    } catch (error) {
      await this.error(res, principal, error, '/app', text);
    }
  }

  private async error(res: Response, principal: Principal, error: unknown, back: string, known?: PageText): Promise<void> {
    if (!(error instanceof DomainError)) throw error;
    const text = known ?? pageText((await this.staff.get(principal.staffId)).locale);
    const [heading, message] = ERROR_TEXT[error.kind];
    this.send(
      res,
      STATUS[error.kind],
      'error',
      { title: text.t(heading), signedIn: true, staffName: principal.name },
      { heading: text.t(heading), message: message ? text.t(message) : error.message, fields: error.errors, back },
      text,
    );
  }

  private signInPage(req: Request, res: Response, status: number, error: ((text: PageText) => string) | null): void {
    const text = pageText(negotiateLocale(req.headers['accept-language']));
    this.send(res, status, 'signIn', { title: text.t('signInTitle'), signedIn: false }, { error: error ? error(text) : null }, text);
  }

  private forbiddenOrigin(req: Request, res: Response): void {
    const text = pageText(negotiateLocale(req.headers['accept-language']));
    this.send(
      res,
      403,
      'error',
      { title: text.t('errorRefused'), signedIn: false },
      { heading: text.t('errorRefused'), message: text.t('errorRefusedMessage'), fields: [], back: '/app' },
      text,
    );
  }

  private send(res: Response, status: number, page: PageName, frame: Frame, context: object, text: PageText): void {
    res.status(status);
    res.header('Content-Type', 'text/html; charset=utf-8');
    res.header('Cache-Control', 'no-store');
    res.header(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    res.header('X-Content-Type-Options', 'nosniff');
    res.header('Referrer-Policy', 'same-origin');
    res.header('Content-Language', text.locale);
    res.send(renderPage(page, frame, context, text));
  }
}

function taskPath(id: string, kind: TaskKind | undefined): string {
  return `/app/tasks/${id}${kind ? `?kind=${kind}` : ''}`;
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
