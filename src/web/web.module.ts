import { Module } from '@nestjs/common';
import { ReportsModule } from '../reports/reports.module';
import { StaffModule } from '../staff/staff.module';
import { TasksModule } from '../tasks/tasks.module';
import { WebController } from './web.controller';
import { WebSessionsService } from './web-sessions.service';

/** The account manager's server-rendered pages at /app. */
@Module({
  imports: [StaffModule, TasksModule, ReportsModule],
  controllers: [WebController],
  providers: [WebSessionsService],
})
export class WebModule {}
