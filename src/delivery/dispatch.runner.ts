import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DeliverySettings } from '../config/settings';
import { AdvisoryLock } from '../database/advisory-locks';
import { PeriodicJob, PeriodicJobs } from '../database/periodic-job';
import { DispatchService } from './dispatch.service';
import { JobQueue } from './job-queue';
import { PromoterService } from './promoter.service';
import { RecoveryService, recoveryReport } from './recovery.service';
import { Recovered } from '../touches/ledger';

/**
 * On worker instances (APP_ROLE worker or all): starts the queue workers, the promoter tick and
 * the recovery sweep (a few times per lease, so a dead worker's touches are found soon after its
 * lease runs out), and stops them on shutdown, letting running batches finish.
 */
@Injectable()
export class DispatchRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly job: PeriodicJob<number>;
  private readonly recovery: PeriodicJob<Recovered>;

  constructor(
    private readonly settings: DeliverySettings,
    private readonly dispatch: DispatchService,
    promoter: PromoterService,
    recovery: RecoveryService,
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
    this.recovery = jobs.define({
      name: 'dispatch-recovery',
      intervalSeconds: Math.max(1, Math.floor(settings.leaseSeconds / 3)),
      lock: AdvisoryLock.DispatchRecovery,
      runAtStart: true,
      run: (q) => recovery.recoverHolding(q),
      report: recoveryReport,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.settings.dispatching) return;
    await this.dispatch.start();
    this.job.start();
    this.recovery.start();
  }

  async onModuleDestroy(): Promise<void> {
    if (!this.settings.dispatching) return;
    await this.job.stop();
    await this.recovery.stop();
    await this.queue.stop(Math.max(5_000, this.settings.timeoutMs * 2));
  }
}
