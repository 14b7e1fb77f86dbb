import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DeliverySettings } from '../config/settings';
import { AdvisoryLock } from '../database/advisory-locks';
import { PeriodicJob, PeriodicJobs } from '../database/periodic-job';
import { DispatchService } from './dispatch.service';
import { JobQueue } from './job-queue';
import { PromoterService } from './promoter.service';

/**
 * On worker instances (APP_ROLE worker or all): starts the queue workers and the promoter tick,
 * and stops both on shutdown, letting running batches finish.
 */
@Injectable()
export class DispatchRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly job: PeriodicJob<number>;

  constructor(
    private readonly settings: DeliverySettings,
    private readonly dispatch: DispatchService,
    promoter: PromoterService,
    private readonly queue: JobQueue,
    jobs: PeriodicJobs,
  ) {
    this.job = jobs.define({
      name: 'dispatch-promoter',
      intervalSeconds: settings.intervalSeconds,
      lock: AdvisoryLock.DispatchPromoter,
      runAtStart: true,
      run: (q) => promoter.promoteHolding(q),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.settings.dispatching) return;
    await this.dispatch.start();
    this.job.start();
  }

  async onModuleDestroy(): Promise<void> {
    if (!this.settings.dispatching) return;
    await this.job.stop();
    await this.queue.stop(Math.max(5_000, this.settings.timeoutMs * 2));
  }
}
