import { Module } from '@nestjs/common';
import { GoalsModule } from '../goals/goals.module';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';
import { ServiceReportsService } from './service-reports.service';

@Module({
  imports: [GoalsModule],
  controllers: [ReportsController],
  providers: [ReportsService, ServiceReportsService],
  exports: [ReportsService, ServiceReportsService],
})
export class ReportsModule {}
