import { isConnectionError } from '../database/retry';
import { MetricsService } from '../observability/metrics.service';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors';
import { retryOnConnectionLoss } from '../database/retry';
import { rowCount } from '../database/sql';
import { smsInfo } from '../templates/sms';
import * as ledger from '../touches/ledger';
import { retryDelayMs } from './backoff';
import { Batcher } from './batcher';
import { DeliverySettings, FeedbackSettings, PlannerSettings } from '../config/settings';
import { feedbackUrl, signFeedback } from '../feedback/feedback-link';
import * as sql from './dispatch.sql';
import { JobQueue, QueueJob } from './job-queue';
import { buildEmail, buildSms, Manager, OutgoingEmail, OutgoingSms, SenderContext } from './message';
import { MessageRenderer } from './message-renderer';
import { classifyFailure, FailureVerdict, ProviderError } from './provider-errors';
import { Semaphore, TokenBucket } from './rate-limiter';
import { decideSend } from './send-check';
import { EmailTransport, SendReceipt, SmsTransport } from './transports/transport';

export type DispatchChannel = 'email' | 'sms';
export const DISPATCH_CHANNELS: DispatchChannel[] = ['email', 'sms'];

/** One queue per channel, so slow SMS rates never hold up email batches. */
export function queueName(channel: DispatchChannel): string {
  return `dispatch-${channel}`;
}

/** Where both channels' jobs go when the queue gives up on them. */
export const GAVE_UP_QUEUE = 'dispatch-gave-up';

/** Runs of one job (its worker died, timed out or threw) before the queue gives up on it. */
const JOB_RETRY_LIMIT = 50;

/**
 * Batches one worker works at once on a channel. While one batch waits on PostgreSQL or the
 * provider, the others keep the worker busy. A killed worker leaves the jobs it fetched and had
 * not yet claimed; the queue's heartbeat (JOB_HEARTBEAT_SECONDS) hands those out again within
 * seconds, so more batches in flight do not leave more touches waiting for the job timeout.
 */
const BATCHES_IN_FLIGHT = 4;

/**
 * A running dispatch job not renewed for this long belongs to a dead worker and runs again; its
 * claim's attempt fence makes the rerun a no-op for a touch already claimed. pg-boss's minimum.
 */
const JOB_HEARTBEAT_SECONDS = 10;

/** What a job carries: the touch, and the attempt count it was enqueued at (its fence). */
export interface DispatchJob {
  touchId: string;
  attempt: number;
}

/** The key that keeps one waiting job per touch attempt. */
export function jobKey(touchId: string, attempt: number): string {
  return `touch:${touchId}:${attempt}`;
}

interface ClaimedRow {
  id: string;
  customer_id: string;
  channel: DispatchChannel;
  template_key: string;
  order_id: string | null;
  local_date: string;
  attempts: number;
  rule_enabled: boolean;
  /** The rule asks for feedback: the message carries the touch's signed feedback link. */
  ask_feedback: boolean;
  anonymized: boolean;
  consent_status: string | null;
  email: string | null;
  phone: string | null;
  phone_invalid: boolean;
  time_zone: string;
  suppressed: boolean;
  manager_name: string | null;
  manager_email: string | null;
  manager_signature: string | null;
  /** No SMS carrying the opt-out line has reached this number yet. */
  first_sms: boolean;
  recent_out: number;
}

interface Ready {
  row: ClaimedRow;
  to: string;
  message: { channel: 'email'; email: OutgoingEmail } | { channel: 'sms'; sms: OutgoingSms };
}

/**
 * The worker: takes batches of jobs, claims their touches, checks consent once more, renders,
 * sends through the channel's transport and records the outcome. Several processes share the
 * queue; the conditional claim makes sure only one of them ever sends a given attempt.
 */
@Injectable()
export class DispatchService {
  private readonly logger = new Logger('Dispatch');
  private readonly inFlight: Semaphore;
  private readonly buckets: Record<DispatchChannel, TokenBucket>;
  private readonly sender: SenderContext;
  private readonly sent: Batcher<{ id: string; messageId: string; detail: string }>;
  private readonly starts: Batcher<ledger.StartingSend, boolean>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly settings: DeliverySettings,
    private readonly queue: JobQueue,
    private readonly renderer: MessageRenderer,
    private readonly email: EmailTransport,
    private readonly sms: SmsTransport,
    private readonly metrics: MetricsService,
    private readonly planner: PlannerSettings,
    private readonly feedback: FeedbackSettings,
  ) {
    this.inFlight = new Semaphore(settings.concurrency);
    this.buckets = { email: new TokenBucket(settings.rates.email), sms: new TokenBucket(settings.rates.sms) };
    // The provider took these messages: a lost connection must not lose that, or the touch would
    // end `unknown` for a message that left. Tried again on a fresh connection, bounded.
    this.sent = new Batcher((items) => retryOnConnectionLoss(() => ledger.markSent(this.db, items, this.clock.now())));
    this.starts = new Batcher(async (items) => {
      const holding = await retryOnConnectionLoss(() => ledger.markSendStarted(this.db, items, this.clock.now()));
      return items.map((item) => holding.has(item.id));
    });
    this.sender = {
      companyName: settings.companyName,
      sendingDomain: settings.sendingDomain,
      publicUrl: settings.publicUrl,
      signingSecret: settings.signingSecret,
      postalAddress: settings.postalAddress,
      replyDomain: settings.replyDomain,
    };
  }

  /**
   * Jobs per fetch. A batch should finish well inside the job timeout (pg-boss runs a job again
   * after it, which then finds its touch claimed and does nothing); slow channels (1 SMS/s) take
   * small batches.
   */
  batchSize(channel: DispatchChannel): number {
    const rate = this.settings.rates[channel];
    if (rate <= 0) return 100;
    return Math.max(1, Math.min(100, Math.floor((rate * this.settings.jobTimeoutSeconds) / 4)));
  }

  async ensureQueues(): Promise<void> {
    await this.queue.ensureQueue(GAVE_UP_QUEUE, { expireInSeconds: 60, retryLimit: JOB_RETRY_LIMIT });
    for (const channel of DISPATCH_CHANNELS) {
      await this.queue.ensureQueue(queueName(channel), {
        expireInSeconds: this.settings.jobTimeoutSeconds,
        retryLimit: JOB_RETRY_LIMIT,
        // A touch must never wait forever for a job the queue no longer runs.
        deadLetter: GAVE_UP_QUEUE,
        heartbeatSeconds: JOB_HEARTBEAT_SECONDS,
      });
    }
  }

  /** Starts this process's workers on both queues, each with BATCHES_IN_FLIGHT batches at a time. */
  async start(): Promise<void> {
    await this.ensureQueues();
    for (const channel of DISPATCH_CHANNELS) {
      await this.queue.work<DispatchJob>(
        queueName(channel),
        { batchSize: this.batchSize(channel), concurrency: BATCHES_IN_FLIGHT, pollingIntervalSeconds: 0.5 },
        (jobs) => this.handle(channel, jobs),
      );
    }
    await this.queue.work<DispatchJob>(GAVE_UP_QUEUE, { batchSize: 100, concurrency: 1, pollingIntervalSeconds: 5 }, (jobs) =>
      this.giveUp(jobs),
    );
  }

  /** Ends the touches of jobs the queue gave up on as failed, with the reason. */
  async giveUp(jobs: QueueJob<DispatchJob>[]): Promise<void> {
    if (jobs.length === 0) return;
    await ledger.failGivenUp(
      this.db,
      jobs.map((j) => ({ touchId: j.data.touchId, attempt: j.data.attempt })),
      JOB_RETRY_LIMIT + 1,
      this.clock.now(),
    );
    this.logger.warn(`the queue gave up on ${jobs.length} job(s); their touches are failed and can be re-driven`);
  }

  /**
   * Works one batch. Touch-level failures are recorded, never thrown; a throw retries the batch,
   * whose jobs then find their touches claimed already and leave them to the recovery sweep.
   * The claims are leased and renewed while the batch runs, so a dead worker's touches are
   * recovered once the lease runs out rather than after the job timeout.
   */
  async handle(channel: DispatchChannel, jobs: QueueJob<DispatchJob>[]): Promise<void> {
    if (jobs.length === 0) return;
    const now = this.clock.now();
    const rows = await ledger.markSending<ClaimedRow>(
      this.db,
      jobs.map((j) => ({ touchId: j.data.touchId, attempt: j.data.attempt })),
      now,
      this.leaseEnd(now),
      sql.READ_CLAIMED,
      [this.planner.cap.days],
    );
    if (rows.length === 0) return;
    const claims = rows.map((row) => ({ id: row.id, attempt: row.attempts }));
    const heartbeat = setInterval(() => void this.renewLeases(claims), (this.settings.leaseSeconds * 1000) / 3);
    try {
      await this.work(rows, now);
    } finally {
      clearInterval(heartbeat);
    }
  }

  private leaseEnd(now: Date): Date {
    return new Date(now.getTime() + this.settings.leaseSeconds * 1000);
  }

  /** A missed renewal is retried at the next beat; the lease outlasts two of them. */
  private async renewLeases(claims: ledger.ClaimedAttempt[]): Promise<void> {
    try {
      await ledger.extendLeases(this.db, claims, this.leaseEnd(this.clock.now()));
    } catch (error) {
      this.logger.warn(`could not renew the lease of ${claims.length} claimed touch(es): ${(error as Error).message}`);
    }
  }

  private async work(rows: ClaimedRow[], now: Date): Promise<void> {
    const skips: { id: string; reason: string }[] = [];
    const reschedules: { id: string; at: Date }[] = [];
    const sendable: { row: ClaimedRow; to: string }[] = [];
    for (const row of rows) {
      const decision = decideSend(
        {
          channel: row.channel,
          ruleEnabled: row.rule_enabled,
          anonymized: row.anonymized,
          consentStatus: row.consent_status,
          email: row.email,
          phone: row.phone,
          phoneInvalid: row.phone_invalid,
          suppressed: row.suppressed,
          timeZone: row.time_zone,
          recentOut: row.recent_out,
        },
        now,
        this.settings.quiet,
        this.planner.cap,
      );
      if (decision.kind === 'skip') skips.push({ id: row.id, reason: decision.reason });
      else if (decision.kind === 'reschedule') reschedules.push({ id: row.id, at: decision.at });
      else sendable.push({ row, to: decision.to });
    }
    await ledger.skipClaimed(this.db, skips, now);
    await ledger.reschedule(this.db, reschedules, now);

    const ready = await this.renderAll(sendable, now);
    if (ready.length === 0) return;
    // Every message runs to its end (recorded, or left for the sweep) before the batch answers.
    const results = await Promise.allSettled(ready.map((r) => this.inFlight.run(() => this.sendOne(r))));
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private async renderAll(sendable: { row: ClaimedRow; to: string }[], now: Date): Promise<Ready[]> {
    if (sendable.length === 0) return [];
    const contents = await this.renderer.renderMany(
      sendable.map(({ row }) => ({
        templateKey: row.template_key,
        customerId: row.customer_id,
        orderId: row.order_id,
        localDate: row.local_date,
        feedbackUrl: row.ask_feedback ? this.feedbackLink(row, now) : null,
      })),
      now,
    );
    // A lost database connection says nothing about the message: the batch fails, and its claimed
    // touches go back through the recovery sweep instead of failing for good.
    const lost = contents.find((content) => content instanceof Error && isConnectionError(content));
    if (lost) throw lost;
    const ready: Ready[] = [];
    const failures: Promise<void>[] = [];
    sendable.forEach(({ row, to }, i) => {
      const content = contents[i];
      if (content instanceof Error) {
        // A template that is missing or no longer fits the customer: retrying will not help.
        const reason = content instanceof DomainError ? `render: ${content.message}` : 'render: error';
        if (!(content instanceof DomainError)) this.logger.error(`touch ${row.id}: rendering failed: ${content.message}`);
        failures.push(this.fail(row, { kind: 'permanent', reason: reason.slice(0, 200) }, this.clock.now()));
        return;
      }
      const manager: Manager | null = row.manager_name
        ? { name: row.manager_name, email: row.manager_email ?? '', signature: row.manager_signature }
        : null;
      const base = { touchId: row.id, to, content, manager, sender: this.sender };
      ready.push({
        row,
        to,
        message:
          row.channel === 'email'
            ? { channel: 'email', email: buildEmail({ ...base, customerId: row.customer_id }) }
            : { channel: 'sms', sms: buildSms({ ...base, firstToNumber: row.first_sms }) },
      });
    });
    await Promise.all(failures);
    return ready;
  }

  /** The touch's own link, open for FEEDBACK_LINK_DAYS from the moment it is rendered for sending. */
  private feedbackLink(row: ClaimedRow, now: Date): string {
    const expiresAt = new Date(now.getTime() + this.feedback.linkDays * 86_400_000);
    return feedbackUrl(
      this.sender.publicUrl,
      signFeedback({ touchId: row.id, customerId: row.customer_id, expiresAt }, this.sender.signingSecret),
    );
  }

  /**
   * Exactly what leaves, for the customer's timeline; addresses stay on the customer. `feedback`
   * marks a message that carried a feedback link: the reports' count of touches asked.
   */
  private renderedRecord(r: Ready): Record<string, unknown> {
    const feedback = r.row.ask_feedback ? { feedback: true } : {};
    if (r.message.channel === 'email') {
      const e = r.message.email;
      return {
        channel: 'email',
        from: e.from,
        replyTo: e.replyTo,
        subject: e.subject,
        text: e.text,
        html: e.html,
        headers: e.headers,
        ...feedback,
      };
    }
    const info = smsInfo(r.message.sms.body);
    return { channel: 'sms', text: r.message.sms.body, encoding: info.encoding, segments: info.segments, ...feedback };
  }

  private async sendOne(r: Ready): Promise<void> {
    const cost = r.message.channel === 'sms' ? Math.max(1, smsInfo(r.message.sms.body).segments) : 1;
    await this.buckets[r.message.channel].take(cost);
    // Recorded before the message leaves, with what it carries, and only while the claim holds:
    // after a crash the sweep then knows whether it may have left (unknown, never re-sent) or not
    // (queued again).
    const rendered = JSON.stringify(this.renderedRecord(r));
    if (!(await this.starts.add({ id: r.row.id, attempt: r.row.attempts, rendered }))) {
      this.logger.warn(`touch ${r.row.id}: the claim ran out before sending; the recovery sweep has it`);
      return;
    }
    let receipt: SendReceipt;
    try {
      receipt = r.message.channel === 'email' ? await this.email.send(r.message.email) : await this.sms.send(r.message.sms);
    } catch (error) {
      const verdict: FailureVerdict =
        error instanceof ProviderError
          ? classifyFailure(error.failure)
          : { kind: 'retry', reason: `${r.message.channel}:transport error`, retryAfterMs: null };
      if (!(error instanceof ProviderError)) this.logger.error(`touch ${r.row.id}: transport error: ${(error as Error).message}`);
      this.metrics.sends.inc({
        channel: r.message.channel,
        transport: 'provider',
        result: verdict.kind === 'permanent' ? 'failed' : 'retry',
        error_class: error instanceof ProviderError ? verdict.kind : 'transport',
      });
      await this.recordFailure(r.row, verdict);
      return;
    }
    // Still inside this message's in-flight slot: at most `concurrency` messages are ever sent
    // but not yet recorded, which bounds what a killed worker can leave `unknown`.
    this.metrics.sends.inc({ channel: r.message.channel, transport: receipt.via, result: 'sent', error_class: 'none' });
    if (r.message.channel === 'sms' && r.message.sms.optOutNotice) await this.db.query(sql.RECORD_OPT_OUT_NOTICE, [r.to, this.clock.now()]);
    await this.sent.add({
      id: r.row.id,
      messageId: receipt.providerMessageId,
      detail: JSON.stringify({ via: receipt.via, attempt: r.row.attempts }),
    });
  }

  private async recordFailure(row: ClaimedRow, verdict: FailureVerdict): Promise<void> {
    const now = this.clock.now();
    if (verdict.kind === 'permanent') return this.fail(row, verdict, now);
    if (row.attempts >= this.settings.maxAttempts) {
      return this.fail(row, { kind: 'permanent', reason: `${verdict.reason} after ${row.attempts} attempts` }, now);
    }
    const delayMs = retryDelayMs(row.attempts, this.settings.backoff, verdict.retryAfterMs);
    await retryOnConnectionLoss(() =>
      this.db.transaction(async (tx) => {
        const retried = await ledger.markRetry(tx, { id: row.id, attempt: row.attempts }, verdict.reason, now, {
          reason: verdict.reason,
          attempt: row.attempts,
          delayMs,
        });
        if (!retried) return;
        await this.queue.enqueue<DispatchJob>(
          queueName(row.channel),
          [{ data: { touchId: row.id, attempt: row.attempts }, key: jobKey(row.id, row.attempts), startAfterSeconds: delayMs / 1000 }],
          tx,
        );
      }),
    );
  }

  private async fail(row: ClaimedRow, verdict: Extract<FailureVerdict, { kind: 'permanent' }>, now: Date): Promise<void> {
    await retryOnConnectionLoss(() =>
      this.db.transaction(async (tx) => {
        const failed = await ledger.fail(tx, row.id, verdict.reason, now, { reason: verdict.reason, attempt: row.attempts });
        if (!failed) return;
        if (verdict.suppress) {
          const address = row.channel === 'email' ? (row.email ?? '').trim().toLowerCase() : (row.phone ?? '').trim();
          if (address)
            await rowCount(tx, sql.SUPPRESS, [
              row.channel,
              address,
              row.customer_id,
              verdict.suppress,
              `provider:${row.channel === 'email' ? 'sendgrid' : 'twilio'}`,
              now,
            ]);
        }
        if (verdict.phoneInvalid) await rowCount(tx, sql.MARK_PHONE_INVALID, [row.customer_id, now]);
      }),
    );
  }
}
