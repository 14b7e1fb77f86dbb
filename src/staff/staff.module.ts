import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TasksModule } from '../tasks/tasks.module';
import { AuthGuard } from './auth.guard';
import { AuthThrottle } from './auth-throttle';
import { StaffController } from './staff.controller';
import { StaffService } from './staff.service';
import { TokensService } from './tokens.service';

@Module({
  // A staff change hands their tasks over (or back) in its own transaction.
  imports: [TasksModule],
  controllers: [StaffController],
  providers: [StaffService, TokensService, AuthThrottle, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [StaffService, TokensService, AuthThrottle],
})
export class StaffModule {}
