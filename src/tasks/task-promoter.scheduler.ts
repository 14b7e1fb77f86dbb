import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Clock } from '../common/clock';
import { TasksSettings } from '../config/settings';
import { AdvisoryLock } from '../database/advisory-locks';
import { PeriodicJob, PeriodicJobs } from '../database/periodic-job';
import { PromotionResult, TaskPromoterService } from './task-promoter.service';

/** Runs the promoter every TASKS_INTERVAL_SECONDS on worker instances (APP_ROLE worker or all). */
@Injectable()
export class TaskPromoterScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly job: PeriodicJob<PromotionResult>;

  constructor(promoter: TaskPromoterService, jobs: PeriodicJobs, settings: TasksSettings, clock: Clock) {
    this.job = jobs.define({
      name: 'task-promoter',
      intervalSeconds: settings.intervalSeconds,
      lock: AdvisoryLock.TaskPromoter,
      run: (q) => promoter.promoteHolding(q, clock.now()),
      report: (result) =>
        result.created > 0 || result.moved > 0
          ? `Tasks created: ${result.created}, moved for capacity: ${result.moved}, skipped: ${JSON.stringify(result.skipped)}`
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
