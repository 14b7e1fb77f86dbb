import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply as Response } from 'fastify';
import { ApiErrors } from '../common/api-docs';
import { DomainError, ForbiddenError, UnprocessableError } from '../common/errors';
import { ReplySettings } from '../config/settings';
import { WebhookRequest } from '../delivery/webhooks/webhook-verifier';
import { MetricsService } from '../observability/metrics.service';
import { Public } from '../staff/auth.decorators';
import { basicAuthPasswordMatches } from './basic-auth';
import { toInboundEmail } from './inbound-email';
import { readInboundForm } from './inbound-form';
import { InboundResult, RepliesService } from './replies.service';

/** The fields of an Inbound Parse post this reads; SendGrid sends more (SPF, dkim, spam_score, attachment-info, ...), all accepted. */
export class InboundParseFormDto {
  @ApiProperty({ description: 'The raw header block of the email (Message-ID, Auto-Submitted, Precedence, ...).' }) headers: string;
  @ApiProperty({ example: 'Ada Lovelace <ada@example.com>' }) from: string;
  @ApiProperty({ example: 'reply+10452.3f9c0e1a2b4d5c6e7f80@reply.example.com' }) to: string;
  @ApiPropertyOptional() cc?: string;
  @ApiPropertyOptional() subject?: string;
  @ApiPropertyOptional({ description: 'The text part; the HTML part is used when it is missing.' }) text?: string;
  @ApiPropertyOptional() html?: string;
  @ApiPropertyOptional({ example: '{"to":["reply+10452.3f9c0e1a2b4d5c6e7f80@reply.example.com"],"from":"ada@example.com"}' })
  envelope?: string;
  @ApiPropertyOptional({ example: '{"to":"UTF-8","from":"UTF-8","subject":"UTF-8","text":"utf-8"}' }) charsets?: string;
  @ApiPropertyOptional({ description: 'Files are read past and dropped; only their number is kept.', type: 'string', format: 'binary' })
  attachment1?: string;
}

export class InboundParseResultDto {
  @ApiProperty({
    enum: ['task_opened', 'task_appended', 'auto_reply', 'duplicate', 'unknown_touch'],
    description:
      'task_opened / task_appended: a reply, on the timeline and on the reply task; auto_reply: on the timeline only; ' +
      'duplicate: recorded before (nothing written); unknown_touch: validly signed, but the touch no longer exists (nothing written).',
  })
  outcome: string;
  @ApiProperty({ type: String, nullable: true }) taskId: string | null;
}

@ApiTags('webhooks')
@Public()
@Controller('webhooks/sendgrid')
export class RepliesController {
  constructor(
    private readonly settings: ReplySettings,
    private readonly replies: RepliesService,
    private readonly metrics: MetricsService,
  ) {}

  @Post('inbound')
  @HttpCode(200)
  @ApiOperation({
    summary: "SendGrid Inbound Parse: customers' email replies",
    description:
      'Set as the Inbound Parse URL for REPLY_DOMAIN with INBOUND_PARSE_SECRET as basic-auth password ' +
      '(`https://inbound:SECRET@host/webhooks/sendgrid/inbound`; "POST the raw, full MIME message" off). ' +
      'The password is checked before the body is read; then the email must be addressed to a reply address Touchpoint signed ' +
      '(`reply+<touch>.<signature>@REPLY_DOMAIN`, the Reply-To of every email it sends). ' +
      "A reply goes on the customer's timeline, linked to the touch it answers, opens (or joins) the reply task of the customer's " +
      "manager (their backup, or the pool, when away) and is forwarded to that manager's own inbox. Out-of-office answers, " +
      'other autoresponders and bounces go on the timeline as auto_reply without a task. Text only: attachments are dropped; ' +
      'a text longer than 10,000 characters is stored cut, ending "[… N more characters not kept]". ' +
      'Deduplicated by Message-ID (a hash of the message without one): a redelivered post writes nothing twice.',
  })
  @ApiSecurity('inboundParseBasicAuth')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: InboundParseFormDto })
  @ApiOkResponse({ type: InboundParseResultDto })
  @ApiErrors(
    [400, 'Not multipart/form-data, or a malformed multipart body; nothing written.'],
    [401, 'Missing or wrong basic-auth password, or INBOUND_PARSE_SECRET not configured; the body is not read.'],
    [403, 'Not addressed to a validly signed reply address (forged, or REPLY_DOMAIN unset); nothing written.'],
    [413, 'The post is over 40 MB; nothing written.'],
    [422, 'A raw MIME post (the "POST the raw, full MIME message" setting); nothing written, SendGrid retries.'],
  )
  async inbound(@Req() request: WebhookRequest, @Res({ passthrough: true }) response: Response): Promise<InboundResult> {
    const secret = this.settings.inboundParseSecret;
    if (!secret || !basicAuthPasswordMatches(request.headers.authorization, secret)) {
      this.metrics.webhookEvents.inc({ provider: 'sendgrid-inbound', outcome: 'rejected' });
      response.header('WWW-Authenticate', 'Basic realm="inbound-parse"');
      throw new DomainError(
        'unauthorized',
        secret ? 'Missing or wrong Inbound Parse credentials' : 'Inbound Parse is refused: INBOUND_PARSE_SECRET is not configured',
      );
    }
    const form = await readInboundForm(request.raw);
    if (form.fields.email !== undefined && form.fields.headers === undefined) {
      // The raw mode would be read as an empty reply: better refused, so that SendGrid keeps it and the setting is noticed.
      throw new UnprocessableError('Inbound Parse posts the raw MIME message; switch that setting off', [
        { field: 'email', reason: 'raw MIME posts are not read: turn off "POST the raw, full MIME message"' },
      ]);
    }
    try {
      const result = await this.replies.receiveEmail(toInboundEmail(form.fields, form.attachments));
      this.metrics.webhookEvents.inc({ provider: 'sendgrid-inbound', outcome: 'accepted' });
      return result;
    } catch (error) {
      if (error instanceof ForbiddenError) this.metrics.webhookEvents.inc({ provider: 'sendgrid-inbound', outcome: 'rejected' });
      throw error;
    }
  }
}
