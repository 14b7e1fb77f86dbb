import { Module } from '@nestjs/common';
import { CrmModule } from '../crm/crm.module';
import { PeriodicJobs } from '../database/periodic-job';
import { RulesModule } from '../rules/rules.module';
import { TemplatesModule } from '../templates/templates.module';
import { DryRunController } from './dry-run.controller';
import { DryRunService } from './dry-run.service';
import { PlannerController } from './planner.controller';
import { PlannerScheduler } from './planner.scheduler';
import { PlannerService } from './planner.service';

/** Rules + CRM data → the touch ledger: plan runs, the cron tick, the new-order and edited-rule hooks, dry runs. */
@Module({
  // The scheduler itself (ScheduleModule.forRoot) is registered once, in the app module.
  imports: [CrmModule, RulesModule, TemplatesModule],
  controllers: [PlannerController, DryRunController],
  providers: [PeriodicJobs, PlannerService, PlannerScheduler, DryRunService],
  exports: [PlannerService],
})
export class PlannerModule {}
