import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { AuthThrottle } from './auth-throttle';
import { StaffController } from './staff.controller';
import { StaffService } from './staff.service';
import { TokensService } from './tokens.service';

@Module({
  controllers: [StaffController],
  providers: [StaffService, TokensService, AuthThrottle, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [StaffService, TokensService, AuthThrottle],
})
export class StaffModule {}
