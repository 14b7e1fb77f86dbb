import { Controller, Header, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/api-docs';
import { TwilioFormDto } from '../dto/delivery-response.dto';
import { Public } from '../../staff/auth.decorators';
import { TwilioParams, TwilioWebhooksService } from './twilio-webhooks.service';
import { WebhookRequest, WebhookVerifier } from './webhook-verifier';

@ApiTags('webhooks')
@Public()
@ApiErrors([403, 'Missing or invalid X-Twilio-Signature, or TWILIO_AUTH_TOKEN not configured; nothing changed.'], 413)
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
    description:
      "STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT suppress SMS to the sender at once; START, UNSTOP, YES lift it; HELP answers; anything else is a reply on the customer's timeline.",
  })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ type: TwilioFormDto })
  @ApiProduces('text/xml')
  @ApiOkResponse({
    description: 'TwiML: a HELP answer, or an empty `<Response/>`.',
    schema: { type: 'string', example: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>' },
  })
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
  @ApiBody({ type: TwilioFormDto })
  @ApiQuery({
    name: 'touchId',
    required: false,
    description: 'Set in the callback URL when sending, for callbacks that arrive before the MessageSid is recorded.',
  })
  @ApiNoContentResponse({ description: 'Recorded, or nothing to record.' })
  @ApiErrors([400, 'touchId holds text that cannot be stored.'])
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
