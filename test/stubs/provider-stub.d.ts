export type StubProvider = 'sendgrid' | 'twilio';

export interface StubRequest {
  provider: StubProvider;
  /** SendGrid: custom_args.touch_id. */
  touchId: string | null;
  /** Email address or phone number. */
  to: string | null;
  at: number;
  /** The answer: 202/201, an injected status, 'hang' or 'outage'. */
  status: number | 'hang' | 'outage';
  messageId?: string;
  /** With keepBodies: the parsed JSON (SendGrid) or form (Twilio). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- whatever JSON or form the SDK sent, read freely by the tests
  body?: Record<string, any>;
  headers?: Record<string, string | string[] | undefined>;
  accountSid?: string;
}

export interface FaultSpec {
  provider?: StubProvider | 'any';
  status?: number;
  /** Twilio error code in the body. */
  code?: number;
  message?: string;
  /** Retry-After header, in seconds. */
  retryAfter?: number;
  /** Only requests to this recipient. */
  recipient?: string;
  /** For this many requests. */
  count?: number;
  /** For this long. */
  forMs?: number;
}

export interface ProviderStub {
  url: string;
  port: number;
  requests: StubRequest[];
  acceptedByTouch: Map<string, number>;
  acceptedByRecipient: Map<string, number>;
  fail(spec: FaultSpec & { status: number }): void;
  hang(spec?: FaultSpec): void;
  outage(spec?: FaultSpec): void;
  setDelay(ms: number): void;
  clearFaults(): void;
  reset(): void;
  accepted(provider?: StubProvider): StubRequest[];
  close(): Promise<void>;
}

export function startProviderStub(options?: { port?: number; keepBodies?: boolean }): Promise<ProviderStub>;
