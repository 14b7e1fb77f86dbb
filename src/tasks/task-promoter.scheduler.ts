import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Clock } from '../common/clock';
import { Env } from '../config/env';
import { AdvisoryLock } from '../database/advisory-locks';
import { PeriodicJob, PeriodicJobs } from '../database/periodic-job';
import { PromotionResult, TaskPromoterService } from './task-promoter.service';

/** Runs the promoter every TASKS_INTERVAL_SECONDS on worker instances (APP_ROLE worker or all). */
@Injectable()
export class TaskPromoterScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly job: PeriodicJob<PromotionResult>;

  constructor(promoter: TaskPromoterService, jobs: PeriodicJobs, config: ConfigService<Env, true>, clock: Clock) {
    this.job = jobs.define({
      name: 'task-promoter',
      intervalSeconds: config.get('TASKS_INTERVAL_SECONDS', { infer: true }),
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
