import { Controller, Header, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiConsumes, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '../../staff/auth.decorators';
import { TwilioParams, TwilioWebhooksService } from './twilio-webhooks.service';
import { WebhookRequest, WebhookVerifier } from './webhook-verifier';

@ApiTags('webhooks')
@Public()
@ApiForbiddenResponse({ description: 'Missing or invalid X-Twilio-Signature, or TWILIO_AUTH_TOKEN not configured; nothing changed.' })
@Controller('webhooks/twilio')
export class TwilioWebhooksController {
  constructor(
    private readonly verifier: WebhookVerifier,
    private readonly twilio: TwilioWebhooksService,
  ) {}

  @Post('inbound')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml; charset=utf-8')
  @ApiOperation({
    summary: 'Inbound SMS: STOP/START/HELP keywords and replies',
    description: 'STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT suppress SMS to the sender at once; START, UNSTOP, YES lift it; HELP answers; anything else is a reply on the customer\'s timeline.',
  })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiProduces('text/xml')
  @ApiOkResponse({ description: 'TwiML.' })
  inbound(@Req() request: WebhookRequest): Promise<string> {
    this.verifier.twilio(request);
    return this.twilio.inbound(params(request));
  }

  @Post('status')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Message status callback: sent, delivered, undelivered, failed',
    description: 'Finds the touch by MessageSid (or a touchId query parameter in the callback URL); each status counts once.',
  })
  @ApiConsumes('application/x-www-form-urlencoded')
  async status(@Req() request: WebhookRequest, @Query('touchId') touchId?: string): Promise<void> {
    this.verifier.twilio(request);
    await this.twilio.status(params(request), typeof touchId === 'string' ? touchId : undefined);
  }
}

/** Twilio posts flat form fields; anything else is read as no fields. */
function params(request: WebhookRequest): TwilioParams {
  const body: unknown = request.body;
  if (typeof body !== 'object' || body === null) return {};
  return Object.fromEntries(Object.entries(body).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
