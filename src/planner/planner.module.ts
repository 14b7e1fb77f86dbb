import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Env } from '../config/env';
import { CrmModule } from '../crm/crm.module';
import { PeriodicJobs } from '../database/periodic-job';
import { TemplatesModule } from '../templates/templates.module';
import { DryRunController } from './dry-run.controller';
import { DryRunService } from './dry-run.service';
import { PlannerController } from './planner.controller';
import { PlannerScheduler } from './planner.scheduler';
import { PlannerService } from './planner.service';
import { PlannerSettings } from './planner.settings';

/** Rules + CRM data → the touch ledger: plan runs, the cron tick, the new-order hook, dry runs. */
@Module({
  // The scheduler itself (ScheduleModule.forRoot) is registered once, in the app module.
  imports: [CrmModule, TemplatesModule],
  controllers: [PlannerController, DryRunController],
  providers: [
    {
      provide: PlannerSettings,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Env, true>) => PlannerSettings.fromEnv((key) => config.get(key, { infer: true })),
    },
    PeriodicJobs,
    PlannerService,
    PlannerScheduler,
    DryRunService,
  ],
  exports: [PlannerService, PlannerSettings],
})
export class PlannerModule {}
