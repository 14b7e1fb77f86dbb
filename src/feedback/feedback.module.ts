import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { FeedbackController } from './feedback.controller';
import { FeedbackService } from './feedback.service';

/** The customer's feedback page behind the link in messages of rules that ask for feedback. */
@Module({
  imports: [TasksModule],
  controllers: [FeedbackController],
  providers: [FeedbackService],
})
export class FeedbackModule {}
