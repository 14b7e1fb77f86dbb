import { Client } from '@sendgrid/client';
import { MailService } from '@sendgrid/mail';
import { parseRetryAfter } from '../backoff';
import { OutgoingEmail } from '../message';
import { ProviderError } from '../provider-errors';
import { SendGridSettings } from '../../config/settings';
import { EmailTransport, SendReceipt } from './transport';

interface SendGridResponseError {
  code: number;
  message: string;
  response?: { headers?: Record<string, string>; body?: { errors?: { message?: string; field?: string }[] } };
}

function isResponseError(error: unknown): error is SendGridResponseError {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'number' && 'response' in error;
}

/** Email through the real @sendgrid/mail SDK; its base URL is configurable so tests can aim it at a stub. */
export class SendGridEmailTransport extends EmailTransport {
  private readonly mail = new MailService();

  constructor(
    settings: SendGridSettings,
    timeoutMs: number,
    private readonly now: () => Date,
  ) {
    super();
    const client = new Client();
    // setApiKey resets the base URL to SendGrid's, so the URL is set after it.
    client.setApiKey(settings.apiKey);
    client.setDefaultRequest('baseUrl', `${settings.apiUrl}/`);
    // The mail send endpoint answers, never redirects: without redirects axios uses Node's http
    // directly instead of wrapping every request in follow-redirects (about a fifth of the SDK's
    // CPU per message). A 3xx would fail the send as a transport error and be retried. The SDK
    // hands its default request to axios whole; its types list only some of axios' options.
    client.setDefaultRequest({ maxRedirects: 0 } as unknown as Parameters<Client['setDefaultRequest']>[0]);
    this.mail.setClient(client);
    this.mail.setTimeout(timeoutMs);
  }

  async send(email: OutgoingEmail): Promise<SendReceipt> {
    try {
      const [response] = await this.mail.send({
        to: email.to,
        from: email.from,
        ...(email.replyTo ? { replyTo: email.replyTo } : {}),
        subject: email.subject,
        text: email.text,
        html: email.html,
        headers: email.headers,
        customArgs: email.customArgs,
      });
      const id = response.headers['x-message-id'];
      return { providerMessageId: typeof id === 'string' && id ? id : `sendgrid-${email.touchId}`, via: 'sendgrid' };
    } catch (error) {
      if (isResponseError(error)) {
        const detail =
          error.response?.body?.errors
            ?.map((e) => e.message ?? '')
            .filter(Boolean)
            .join('; ') || error.message;
        throw new ProviderError({
          provider: 'sendgrid',
          status: error.code,
          retryAfterMs: parseRetryAfter(error.response?.headers?.['retry-after'], this.now()) ?? undefined,
          message: String(detail).slice(0, 200),
        });
      }
      throw new ProviderError({ provider: 'sendgrid', network: true, message: networkMessage(error) });
    }
  }
}

/** Error code and class only: SDK messages may quote the request, which holds addresses. */
export function networkMessage(error: unknown): string {
  if (error && typeof error === 'object') {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? code : (error as Error).name || 'Error';
  }
  return 'Error';
}
