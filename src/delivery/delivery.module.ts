import { Module } from '@nestjs/common';
import { join } from 'node:path';
import { Clock } from '../common/clock';
import { PeriodicJobs } from '../database/periodic-job';
import { TemplatesModule } from '../templates/templates.module';
import { TouchesModule } from '../touches/touches.module';
import { DeliveryController } from './delivery.controller';
import { DeliverySettings } from '../config/settings';
import { DispatchRunner } from './dispatch.runner';
import { DispatchService } from './dispatch.service';
import { JobQueue, PgBossJobQueue } from './job-queue';
import { MessageRenderer, TemplatesMessageRenderer } from './message-renderer';
import { PromoterService } from './promoter.service';
import { RecoveryService } from './recovery.service';
import { Outbox, OutboxEmailTransport, OutboxSmsTransport } from './transports/outbox.transport';
import { SendGridEmailTransport } from './transports/sendgrid.transport';
import { EmailTransport, SmsTransport } from './transports/transport';
import { TwilioSmsTransport } from './transports/twilio.transport';

/**
 * Dispatch: the durable queue, the promoter tick, the worker and the channel transports; the
 * re-drive routes hand over to the ledger (src/touches).
 * Provider webhooks live in ./webhooks with the consent side.
 */
@Module({
  imports: [TemplatesModule, TouchesModule],
  controllers: [DeliveryController],
  providers: [
    { provide: JobQueue, useClass: PgBossJobQueue },
    { provide: MessageRenderer, useClass: TemplatesMessageRenderer },
    {
      provide: Outbox,
      inject: [DeliverySettings, Clock],
      useFactory: (settings: DeliverySettings, clock: Clock) => new Outbox(join(settings.dataDir, 'outbox'), () => clock.now()),
    },
    {
      provide: EmailTransport,
      inject: [DeliverySettings, Clock, Outbox],
      useFactory: (settings: DeliverySettings, clock: Clock, outbox: Outbox): EmailTransport =>
        settings.sendgrid
          ? new SendGridEmailTransport(settings.sendgrid, settings.timeoutMs, () => clock.now())
          : new OutboxEmailTransport(outbox, () => clock.now()),
    },
    {
      provide: SmsTransport,
      inject: [DeliverySettings, Clock, Outbox],
      useFactory: (settings: DeliverySettings, clock: Clock, outbox: Outbox): SmsTransport =>
        settings.twilio ? new TwilioSmsTransport(settings.twilio, settings.timeoutMs, () => clock.now()) : new OutboxSmsTransport(outbox),
    },
    PeriodicJobs,
    DispatchService,
    PromoterService,
    RecoveryService,
    DispatchRunner,
  ],
  exports: [JobQueue, DispatchService, PromoterService, RecoveryService, EmailTransport],
})
export class DeliveryModule {}
