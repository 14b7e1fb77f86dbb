import { Module } from '@nestjs/common';
import { ConsentModule } from '../../consent/consent.module';
import { TasksModule } from '../../tasks/tasks.module';
import { SendgridEventsService } from './sendgrid-events.service';
import { SendgridWebhooksController } from './sendgrid-webhooks.controller';
import { TwilioWebhooksController } from './twilio-webhooks.controller';
import { TwilioWebhooksService } from './twilio-webhooks.service';
import { WebhookVerifier } from './webhook-verifier';

/** Provider webhooks: verified over the raw request, then applied to touches and the suppression list. */
@Module({
  imports: [ConsentModule, TasksModule],
  controllers: [TwilioWebhooksController, SendgridWebhooksController],
  providers: [WebhookVerifier, TwilioWebhooksService, SendgridEventsService],
})
export class WebhooksModule {}
