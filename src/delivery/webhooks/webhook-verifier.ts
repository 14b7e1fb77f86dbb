import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { KeyObject } from 'node:crypto';
import twilio from 'twilio';
import { Clock } from '../../common/clock';
import { ForbiddenError } from '../../common/errors';
import { InvalidConfigError } from '../../config/env';
import { WebhookSettings } from '../../config/settings';
import { MetricsService } from '../../observability/metrics.service';
import { isFreshTimestamp, parseSendgridPublicKey, verifySendgridSignature } from './sendgrid-signature';

/** The request with the bytes the body parsers keep (see common/body-parsers.ts). */
export type WebhookRequest = FastifyRequest & { rawBody?: Buffer };

/**
 * Checks that a webhook request really comes from the provider. A webhook whose secret is not
 * configured refuses everything: an unverified STOP or bounce could be forged by anyone, and a
 * refused event is retried by the provider once the secret is set.
 */
@Injectable()
export class WebhookVerifier {
  private readonly twilioToken: string | undefined;
  private readonly sendgridKey: KeyObject | undefined;
  private readonly baseUrl: string;
  private readonly sendgridMaxAgeSeconds: number;

  constructor(
    settings: WebhookSettings,
    private readonly metrics: MetricsService,
    private readonly clock: Clock,
  ) {
    this.sendgridMaxAgeSeconds = settings.sendgridMaxAgeSeconds;
    this.twilioToken = settings.twilioAuthToken;
    // Twilio signs the URL it was told to call, which is ours as the public sees it, not as the server does.
    this.baseUrl = settings.publicUrl;
    const key = settings.sendgridPublicKey;
    try {
      this.sendgridKey = key ? parseSendgridPublicKey(key) : undefined;
    } catch {
      throw new InvalidConfigError(
        'Invalid configuration:\n  SENDGRID_WEBHOOK_PUBLIC_KEY: not an elliptic-curve public key in base64 DER or PEM',
      );
    }
  }

  /** X-Twilio-Signature: HMAC-SHA1 of the public URL Twilio called plus the sorted form parameters. */
  twilio(request: WebhookRequest): void {
    this.counted('twilio', () => this.checkTwilio(request));
  }

  sendgrid(request: WebhookRequest): void {
    this.counted('sendgrid', () => this.checkSendgrid(request));
  }

  private counted(provider: string, check: () => void): void {
    try {
      check();
    } catch (error) {
      this.metrics.webhookEvents.inc({ provider, outcome: 'rejected' });
      throw error;
    }
    this.metrics.webhookEvents.inc({ provider, outcome: 'accepted' });
  }

  private checkTwilio(request: WebhookRequest): void {
    if (!this.twilioToken) throw new ForbiddenError('Twilio webhooks are refused: TWILIO_AUTH_TOKEN is not configured');
    const signature = header(request, 'x-twilio-signature');
    if (!signature) throw new ForbiddenError('Missing X-Twilio-Signature');
    const params = isRecord(request.body) ? request.body : {};
    if (!twilio.validateRequest(this.twilioToken, signature, this.baseUrl + request.url, params)) {
      throw new ForbiddenError('Invalid X-Twilio-Signature');
    }
  }

  private checkSendgrid(request: WebhookRequest): void {
    if (!this.sendgridKey) throw new ForbiddenError('SendGrid events are refused: SENDGRID_WEBHOOK_PUBLIC_KEY is not configured');
    const ok = verifySendgridSignature(
      this.sendgridKey,
      header(request, 'x-twilio-email-event-webhook-signature'),
      header(request, 'x-twilio-email-event-webhook-timestamp'),
      request.rawBody,
    );
    if (!ok) throw new ForbiddenError('Missing or invalid SendGrid event webhook signature');
    // Checked after the signature, so the timestamp is SendGrid's own: a stale one is a replay.
    if (!isFreshTimestamp(header(request, 'x-twilio-email-event-webhook-timestamp'), this.clock.now(), this.sendgridMaxAgeSeconds)) {
      throw new ForbiddenError(`SendGrid event webhook timestamp is more than ${this.sendgridMaxAgeSeconds} s from now`);
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A header's one value; a repeated header is read as missing. */
function header(request: WebhookRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}
