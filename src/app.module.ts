import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from './audit/audit.module';
import { CalendarModule } from './calendar/calendar.module';
import { CommonModule } from './common/common.module';
import { Env } from './config/env';
import { SettingsModule } from './config/settings.module';
import { ConsentModule } from './consent/consent.module';
import { CrmModule } from './crm/crm.module';
import { serviceDataSourceOptions } from './database/options';
import { DeliveryModule } from './delivery/delivery.module';
import { WebhooksModule } from './delivery/webhooks/webhooks.module';
import { FeedbackModule } from './feedback/feedback.module';
import { GoalsModule } from './goals/goals.module';
import { HealthModule } from './health/health.module';
import { ObservabilityModule } from './observability/observability.module';
import { PlannerModule } from './planner/planner.module';
import { RepliesModule } from './replies/replies.module';
import { ReportsModule } from './reports/reports.module';
import { RulesModule } from './rules/rules.module';
import { StaffModule } from './staff/staff.module';
import { TasksModule } from './tasks/tasks.module';
import { TemplatesModule } from './templates/templates.module';
import { TouchesModule } from './touches/touches.module';
import { WebModule } from './web/web.module';

export interface AppOptions {
  /** Resolved before boot: DATABASE_URL, or the embedded server's URL. */
  databaseUrl: string;
  /** Configuration validated at boot (see config/env.ts). */
  env: Env;
}

@Module({})
export class AppModule {
  static register(options: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        SettingsModule.forRoot(options.env),
        TypeOrmModule.forRoot(serviceDataSourceOptions(options.databaseUrl)),
        // Intervals and crons of every feature; registered here, once for the whole app.
        ScheduleModule.forRoot(),
        CommonModule,
        AuditModule,
        ObservabilityModule,
        HealthModule,
        StaffModule,
        CrmModule,
        RulesModule,
        TouchesModule,
        ReportsModule,
        PlannerModule,
        TemplatesModule,
        TasksModule,
        CalendarModule,
        WebModule,
        FeedbackModule,
        GoalsModule,
        ConsentModule,
        WebhooksModule,
        DeliveryModule,
        RepliesModule,
      ],
    };
  }
}
