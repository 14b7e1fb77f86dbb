import { Module } from '@nestjs/common';
import { SuppressionsController } from './suppressions.controller';
import { SuppressionsService } from './suppressions.service';
import { UnsubscribeController } from './unsubscribe.controller';

/** The customer's side of consent: the suppression list and the one-click unsubscribe link. */
@Module({
  controllers: [SuppressionsController, UnsubscribeController],
  providers: [SuppressionsService],
  exports: [SuppressionsService],
})
export class ConsentModule {}
