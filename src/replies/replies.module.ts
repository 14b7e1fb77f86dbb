import { Module } from '@nestjs/common';
import { PeriodicJobs } from '../database/periodic-job';
import { DeliveryModule } from '../delivery/delivery.module';
import { TasksModule } from '../tasks/tasks.module';
import { RepliesController } from './replies.controller';
import { RepliesService } from './replies.service';
import { ReplyForwardsScheduler } from './reply-forwards.scheduler';
import { ReplyForwardsService } from './reply-forwards.service';

/** Customers' email replies: the Inbound Parse webhook, reply tasks (tasks feature) and forwards to managers. */
@Module({
  imports: [DeliveryModule, TasksModule],
  controllers: [RepliesController],
  providers: [PeriodicJobs, RepliesService, ReplyForwardsService, ReplyForwardsScheduler],
  exports: [ReplyForwardsService],
})
export class RepliesModule {}
