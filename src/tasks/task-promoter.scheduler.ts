import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Clock } from '../common/clock';
import { TasksSettings } from '../config/settings';
import { TaskPromoterService } from './task-promoter.service';

const INTERVAL = 'task-promoter';

/** Runs the promoter every TASKS_INTERVAL_SECONDS on worker instances (APP_ROLE worker or all). */
@Injectable()
export class TaskPromoterScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('TaskPromoter');
  private running = false;

  constructor(
    private readonly promoter: TaskPromoterService,
    private readonly registry: SchedulerRegistry,
    private readonly settings: TasksSettings,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.settings.promotes) return;
    this.registry.addInterval(INTERVAL, setInterval(() => void this.tick(), this.settings.intervalSeconds * 1000));
  }

  onModuleDestroy(): void {
    if (this.registry.doesExist('interval', INTERVAL)) this.registry.deleteInterval(INTERVAL);
  }

  /** Never throws, so the interval keeps going; a tick overlapping a running one is skipped. */
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const result = await this.promoter.promote(this.clock.now());
      if (result.created > 0 || result.moved > 0) {
        this.logger.log(`Tasks created: ${result.created}, moved for capacity: ${result.moved}, skipped: ${JSON.stringify(result.skipped)}`);
      }
    } catch (error) {
      this.logger.error(`Task promotion failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.running = false;
    }
  }
}
