import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { OrderEvents } from '../crm/orders/order-events';
import { PlannerService } from './planner.service';
import { PlannerSettings } from '../config/settings';

const TICK = 'planner-tick';

/**
 * The cron tick (worker instances only) and the new-order hook. A tick that overlaps one still
 * running here, or finds another instance holding the lock, is skipped and logged.
 */
@Injectable()
export class PlannerScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PlannerScheduler.name);
  private ticking = false;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly planner: PlannerService,
    private readonly settings: PlannerSettings,
    private readonly registry: SchedulerRegistry,
    private readonly orders: OrderEvents,
  ) {}

  onApplicationBootstrap(): void {
    // Orders arriving through the API are planned in their request, whatever this instance's role.
    this.unsubscribe = this.orders.onPlaced(async (orderIds) => {
      await this.planner.planOrders(orderIds);
    });
    if (this.settings.ticks && this.settings.intervalSeconds > 0) {
      this.registry.addInterval(TICK, setInterval(() => void this.tick(), this.settings.intervalSeconds * 1000));
    }
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    if (this.registry.doesExist('interval', TICK)) this.registry.deleteInterval(TICK);
  }

  /** One tick; never throws, so the interval keeps going. */
  async tick(): Promise<void> {
    if (this.ticking) {
      this.logger.warn('Planner tick skipped: the previous tick is still running');
      return;
    }
    this.ticking = true;
    try {
      const run = await this.planner.planOnce('cron');
      if (!run) this.logger.log('Planner tick skipped: another instance is planning');
    } catch (error) {
      this.logger.error(`Planner tick failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.ticking = false;
    }
  }
}
