import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ReplySettings } from '../config/settings';
import { AdvisoryLock } from '../database/advisory-locks';
import { PeriodicJob, PeriodicJobs } from '../database/periodic-job';
import { ForwardRun, ReplyForwardsService } from './reply-forwards.service';

/** Retries unsent forwards every DISPATCH_INTERVAL_SECONDS on worker instances, one instance at a time. */
@Injectable()
export class ReplyForwardsScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  readonly job: PeriodicJob<ForwardRun>;

  constructor(forwards: ReplyForwardsService, jobs: PeriodicJobs, settings: ReplySettings) {
    this.job = jobs.define({
      name: 'reply-forwards',
      intervalSeconds: settings.forwardIntervalSeconds,
      lock: AdvisoryLock.ReplyForwards,
      run: () => forwards.sendDue(),
      report: (run) =>
        run.sent + run.failed + run.retrying > 0
          ? `Reply forwards sent: ${run.sent}, retrying: ${run.retrying}, failed: ${run.failed}`
          : null,
    });
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.job.stop();
  }
}
