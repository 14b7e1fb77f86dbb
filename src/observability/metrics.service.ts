import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { firstRow, rows } from '../database/sql';
import * as sql from './metrics.sql';

/**
 * Prometheus metrics. Counters are incremented where things happen (HTTP, sends, webhooks);
 * ledger figures (touches by state, the message and task backlogs, planner runs) are read from the database at
 * scrape time, so every instance reports the same truth and nothing has to be kept in step.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'touchpoint_http_request_duration_seconds',
    help: 'HTTP request latency by route pattern and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly sends = new Counter({
    name: 'touchpoint_sends_total',
    help: 'Send attempts by channel, transport and result (sent, retry, failed) with the error class',
    labelNames: ['channel', 'transport', 'result', 'error_class'],
    registers: [this.registry],
  });

  readonly webhookEvents = new Counter({
    name: 'touchpoint_webhook_events_total',
    help: 'Provider webhook requests and events, accepted or rejected',
    labelNames: ['provider', 'outcome'],
    registers: [this.registry],
  });

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {
    // Inside a gauge's collect(), `this` is the gauge; the service is reached through this name.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const service = this;
    new Gauge({
      name: 'touchpoint_touches',
      help: 'Touches in the ledger by channel and state',
      labelNames: ['channel', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const found = await rows<{ channel: string; state: string; n: number }>(service.db, sql.TOUCHES_BY_STATE);
        for (const row of found) this.set({ channel: row.channel, state: row.state }, row.n);
      },
    });
    // Messages and tasks wait for different things (a provider, a person), so they are separate
    // series: an overdue call on a manager's list must not look like a stuck delivery queue.
    new Gauge({
      name: 'touchpoint_message_backlog',
      help: 'Email and SMS touches due now and not yet handed to a provider (planned or queued)',
      registers: [this.registry],
      async collect() {
        const [row] = await service.messageBacklog();
        this.set(row.n);
      },
    });
    new Gauge({
      name: 'touchpoint_message_oldest_due_seconds',
      help: 'Seconds since the oldest waiting email or SMS touch was due (0 when none)',
      registers: [this.registry],
      async collect() {
        const [row] = await service.messageBacklog();
        this.set(row.age ?? 0);
      },
    });
    new Gauge({
      name: 'touchpoint_task_backlog',
      help: 'Call and card work due now and not done: open tasks due today or earlier, and due touches not yet made tasks',
      registers: [this.registry],
      async collect() {
        const [row] = await service.taskBacklog();
        this.set(row.n);
      },
    });
    new Gauge({
      name: 'touchpoint_task_oldest_due_seconds',
      help: 'Seconds since the oldest open call or card task (or due touch not yet a task) was due (0 when none)',
      registers: [this.registry],
      async collect() {
        const [row] = await service.taskBacklog();
        this.set(row.age ?? 0);
      },
    });
    new Gauge({
      name: 'touchpoint_planner_runs',
      help: 'Planner runs recorded, by status',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const found = await rows<{ status: string; n: number }>(service.db, sql.PLAN_RUNS_BY_STATUS);
        for (const row of found) this.set({ status: row.status }, row.n);
      },
    });
    new Gauge({
      name: 'touchpoint_planner_last_run_seconds',
      help: 'Duration of the latest finished planner run',
      registers: [this.registry],
      async collect() {
        const row = await firstRow<{ s: number }>(service.db, sql.LAST_RUN_SECONDS);
        this.set(row?.s ?? 0);
      },
    });
    new Gauge({
      name: 'touchpoint_planner_last_run_touches',
      help: 'Touches planned and skipped by the latest finished planner run',
      labelNames: ['outcome'],
      registers: [this.registry],
      async collect() {
        const row = await firstRow<{ planned: number; skipped: number }>(service.db, sql.LAST_RUN_TOUCHES);
        this.set({ outcome: 'planned' }, row?.planned ?? 0);
        this.set({ outcome: 'skipped' }, row?.skipped ?? 0);
      },
    });
  }

  private messageBacklog(): Promise<{ n: number; age: number | null }[]> {
    return rows<{ n: number; age: number | null }>(this.db, sql.MESSAGE_BACKLOG, [this.clock.now()]);
  }

  /**
   * An open task is due from the start of its due date in its assignee's zone (the customer's for
   * the pool); a call or card touch not yet promoted is due from its scheduled time.
   */
  private taskBacklog(): Promise<{ n: number; age: number | null }[]> {
    return rows<{ n: number; age: number | null }>(this.db, sql.TASK_BACKLOG, [this.clock.now()]);
  }

  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
