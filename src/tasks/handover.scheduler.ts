import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Clock } from '../common/clock';
import { TasksSettings } from '../config/settings';
import { AdvisoryLock } from '../database/advisory-locks';
import { PeriodicJob, PeriodicJobs } from '../database/periodic-job';
import { HandoverResult, HandoverService } from './handover.service';

/** Runs the handover sweep every TASKS_INTERVAL_SECONDS on worker instances, one instance at a time. */
@Injectable()
export class HandoverScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly job: PeriodicJob<HandoverResult>;

  constructor(handover: HandoverService, jobs: PeriodicJobs, settings: TasksSettings, clock: Clock) {
    this.job = jobs.define({
      name: 'task-handover',
      intervalSeconds: settings.intervalSeconds,
      lock: AdvisoryLock.Handover,
      run: (q) => handover.runHolding(q, clock.now()),
      report: (result) =>
        result.handedOver > 0 || result.handedBack > 0
          ? `Tasks handed over: ${result.handedOver}, handed back: ${result.handedBack}`
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
