import { Module } from '@nestjs/common';
import { ConsentModule } from '../consent/consent.module';
import { PeriodicJobs } from '../database/periodic-job';
import { GoalsModule } from '../goals/goals.module';
import { TemplatesModule } from '../templates/templates.module';
import { CapacityService } from './capacity.service';
import { ReplyTasksService } from './reply-tasks.service';
import { FollowUpsService } from './follow-ups.service';
import { HandoverScheduler } from './handover.scheduler';
import { HandoverService } from './handover.service';
import { ScriptRenderer } from './script-renderer';
import { TalkingPointsService } from './talking-points.service';
import { TaskPromoterScheduler } from './task-promoter.scheduler';
import { TaskPromoterService } from './task-promoter.service';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';
import { TimelineController } from './timeline.controller';
import { TimelineService } from './timeline.service';

/** Call, card and reply tasks: promotion from touches, the daily list and pool, actions, the customer timeline. */
@Module({
  imports: [TemplatesModule, ConsentModule, GoalsModule],
  controllers: [TasksController, TimelineController],
  providers: [
    PeriodicJobs,
    TasksService,
    TimelineService,
    TaskPromoterService,
    TaskPromoterScheduler,
    TalkingPointsService,
    CapacityService,
    FollowUpsService,
    HandoverService,
    HandoverScheduler,
    ScriptRenderer,
    ReplyTasksService,
  ],
  exports: [TasksService, TimelineService, TaskPromoterService, ReplyTasksService, HandoverService],
})
export class TasksModule {}
