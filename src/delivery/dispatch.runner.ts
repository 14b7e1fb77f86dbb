import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DeliverySettings } from '../config/settings';
import { DispatchService } from './dispatch.service';
import { JobQueue } from './job-queue';
import { PromoterService } from './promoter.service';

const INTERVAL_NAME = 'dispatch-promoter';

/**
 * On worker instances (APP_ROLE worker or all): starts the queue workers and the promoter tick,
 * and stops both on shutdown, letting running batches finish.
 */
@Injectable()
export class DispatchRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Dispatch');
  private ticking: Promise<unknown> | null = null;

  constructor(
    private readonly settings: DeliverySettings,
    private readonly dispatch: DispatchService,
    private readonly promoter: PromoterService,
    private readonly queue: JobQueue,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.settings.dispatching) return;
    await this.dispatch.start();
    this.scheduler.addInterval(INTERVAL_NAME, setInterval(() => this.tick(), this.settings.intervalSeconds * 1000));
    this.tick();
  }

  /** One promotion at a time in this process; other instances are kept out by the advisory lock. */
  tick(): void {
    if (this.ticking) return;
    this.ticking = this.promoter
      .promoteDue()
      .catch((error: Error) => this.logger.error(`dispatch tick failed: ${error.message}`))
      .finally(() => (this.ticking = null));
  }

  async onModuleDestroy(): Promise<void> {
    if (!this.settings.dispatching) return;
    if (this.scheduler.doesExist('interval', INTERVAL_NAME)) this.scheduler.deleteInterval(INTERVAL_NAME);
    await this.ticking;
    await this.queue.stop(Math.max(5_000, this.settings.timeoutMs * 2));
  }
}
