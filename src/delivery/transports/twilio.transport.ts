import { AsyncLocalStorage } from 'node:async_hooks';
import twilio from 'twilio';
import type RequestClientModule from 'twilio/lib/base/RequestClient';
import type TwilioResponse from 'twilio/lib/http/response';
import { parseRetryAfter } from '../backoff';
import { OutgoingSms } from '../message';
import { ProviderError } from '../provider-errors';
import { TwilioSettings } from '../../config/settings';
import { networkMessage } from './sendgrid.transport';
import { SendReceipt, SmsTransport } from './transport';

type RequestOptions<TData> = RequestClientModule.RequestOptions<TData>;

/** The Retry-After of the current send's last response; RestException drops response headers. */
const retryAfter = new AsyncLocalStorage<{ value?: string }>();

/**
 * Twilio's own request client with two additions: requests go to the configured API base (a stub
 * in tests and benchmarks), and a 429's Retry-After is kept for the retry decision.
 */
class RoutedRequestClient extends twilio.RequestClient {
  constructor(
    private readonly base: URL | null,
    timeoutMs: number,
  ) {
    super({ timeout: timeoutMs, keepAlive: true });
  }

  override async request<TData>(opts: RequestOptions<TData>): Promise<TwilioResponse<TData>> {
    let uri = opts.uri;
    if (this.base) {
      const url = new URL(uri);
      url.protocol = this.base.protocol;
      url.host = this.base.host;
      uri = url.toString();
    }
    const response = await super.request<TData>({ ...opts, uri });
    const store = retryAfter.getStore();
    const header = response.headers?.['retry-after'] ?? response.headers?.['Retry-After'];
    if (store && header !== undefined) store.value = String(header);
    return response;
  }
}

interface RestExceptionLike {
  status: number;
  code?: number;
  message: string;
}

function isRestException(error: unknown): error is RestExceptionLike {
  return (
    error instanceof twilio.RestException ||
    (typeof error === 'object' && error !== null && typeof (error as { status?: unknown }).status === 'number')
  );
}

/** SMS through the real twilio SDK. Long texts go as they are: Twilio splits them into segments. */
export class TwilioSmsTransport extends SmsTransport {
  private readonly client: twilio.Twilio;

  constructor(
    private readonly settings: TwilioSettings,
    timeoutMs: number,
    private readonly now: () => Date,
  ) {
    super();
    const base = new URL(settings.apiUrl);
    const official = base.hostname === 'api.twilio.com';
    this.client = twilio(settings.accountSid, settings.authToken, {
      httpClient: new RoutedRequestClient(official ? null : base, timeoutMs),
      autoRetry: false,
    });
  }

  async send(sms: OutgoingSms): Promise<SendReceipt> {
    const store: { value?: string } = {};
    return retryAfter.run(store, async () => {
      try {
        const message = await this.client.messages.create({
          to: sms.to,
          body: sms.body,
          statusCallback: sms.statusCallback,
          ...('messagingServiceSid' in this.settings.from
            ? { messagingServiceSid: this.settings.from.messagingServiceSid }
            : { from: this.settings.from.number }),
        });
        return { providerMessageId: message.sid, via: 'twilio' };
      } catch (error) {
        if (isRestException(error)) {
          throw new ProviderError({
            provider: 'twilio',
            status: error.status,
            code: typeof error.code === 'number' ? error.code : undefined,
            retryAfterMs: parseRetryAfter(store.value, this.now()) ?? undefined,
            message: String(error.message ?? '').slice(0, 200),
          });
        }
        throw new ProviderError({ provider: 'twilio', network: true, message: networkMessage(error) });
      }
    });
  }
}
