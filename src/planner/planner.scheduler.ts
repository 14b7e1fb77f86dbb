import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { OrderEvents } from '../crm/orders/order-events';
import { RuleEvents } from '../rules/rule-events';
import { AdvisoryLock } from '../database/advisory-locks';
import { PeriodicJob, PeriodicJobs, TickOutcome } from '../database/periodic-job';
import { PlanRun } from './plan-run.entity';
import { PlannerService } from './planner.service';
import { PlannerSettings } from '../config/settings';

/**
 * The cron tick (worker instances only) and the new-order and edited-rule hooks. A tick that overlaps one still
 * running here, or finds another instance holding the lock, is skipped and logged.
 */
@Injectable()
export class PlannerScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly job: PeriodicJob<PlanRun>;
  private unsubscribe: (() => void)[] = [];

  constructor(
    private readonly planner: PlannerService,
    settings: PlannerSettings,
    jobs: PeriodicJobs,
    private readonly orders: OrderEvents,
    private readonly rules: RuleEvents,
  ) {
    this.job = jobs.define({
      name: 'planner-tick',
      intervalSeconds: settings.intervalSeconds,
      lock: AdvisoryLock.Planner,
      run: (q) => planner.planHolding(q, 'cron'),
    });
  }

  onApplicationBootstrap(): void {
    // Orders arriving through the API are planned in their request, whatever this instance's role.
    this.unsubscribe.push(
      this.orders.onPlaced(async (orderIds) => {
        await this.planner.planOrders(orderIds);
      }),
      // An edited rule is re-planned in the edit's request, before its old touches can go out.
      this.rules.onChanged(async (ruleIds) => {
        await this.planner.planChangedRules(ruleIds);
      }),
    );
    this.job.start();
  }

  async onModuleDestroy(): Promise<void> {
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    await this.job.stop();
  }

  /** One tick; never throws, so the interval keeps going. */
  tick(): Promise<TickOutcome<PlanRun>> {
    return this.job.tick();
  }
}
