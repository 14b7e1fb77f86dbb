import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/api-docs';
import { SendgridBatchReportDto, SendgridEventDto } from '../dto/delivery-response.dto';
import { Public } from '../../staff/auth.decorators';
import { SendgridBatchReport, SendgridEventsService } from './sendgrid-events.service';
import { WebhookRequest, WebhookVerifier } from './webhook-verifier';

@ApiTags('webhooks')
@Public()
@Controller('webhooks/sendgrid')
export class SendgridWebhooksController {
  constructor(
    private readonly verifier: WebhookVerifier,
    private readonly events: SendgridEventsService,
  ) {}

  @Post('events')
  @HttpCode(200)
  @ApiOperation({
    summary: 'SendGrid Event Webhook (signed)',
    description:
      'delivered, bounce, dropped, spamreport, unsubscribe, group_unsubscribe, open, click. Matched to touches by the touch_id ' +
      'custom argument or sg_message_id; deduplicated by sg_event_id; a batch is applied in one transaction. ' +
      'Refused (403) when the signed timestamp is more than SENDGRID_WEBHOOK_MAX_AGE_SECONDS from now.',
  })
  @ApiBody({ type: [SendgridEventDto] })
  @ApiOkResponse({ type: SendgridBatchReportDto })
  @ApiErrors(
    [400, 'The body is not a JSON array of events, or not JSON.'],
    [403, 'Missing or invalid signature, or SENDGRID_WEBHOOK_PUBLIC_KEY not configured; nothing changed.'],
    413,
  )
  process(@Req() request: WebhookRequest): Promise<SendgridBatchReport> {
    this.verifier.sendgrid(request);
    return this.events.process(request.body);
  }
}
