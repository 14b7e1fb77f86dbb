import { Channel, CHANNELS } from '../common/domain';

export { CHANNELS };
export type { Channel };

/** The pieces a variant is made of. */
export type PartName = 'subject' | 'html' | 'text' | 'address';

/**
 * Parts each channel's variants carry, all required:
 * email: subject, html body, plain-text body; sms: the message; call: talking points;
 * card: the handwritten message and the address block for the envelope.
 */
export const CHANNEL_PARTS: Record<Channel, readonly PartName[]> = {
  email: ['subject', 'html', 'text'],
  sms: ['text'],
  call: ['text'],
  card: ['text', 'address'],
};

/** Only the HTML body is HTML. Everything else is plain text and must not be HTML-escaped. */
export function isHtmlPart(part: PartName): boolean {
  return part === 'html';
}

/** Longest accepted source per part, in characters. */
export const PART_MAX_LENGTH: Record<PartName, number> = {
  subject: 1_000,
  html: 200_000,
  text: 20_000,
  address: 2_000,
};

export type VariantParts = Partial<Record<PartName, string>>;

/** The rendered parts; `text` is present for every channel. */
export interface RenderedParts {
  subject?: string;
  html?: string;
  text: string;
  address?: string;
}

export interface RenderedMessage {
  templateKey: string;
  channel: Channel;
  /** The variant actually used: '' for the default, else e.g. `vi`. */
  locale: string;
  /** The locale dates, numbers and money were formatted in, e.g. `vi-VN`. */
  formatLocale: string;
  parts: RenderedParts;
}

/** In the REST API the default variant ('' in the database) is called `default`. */
export const DEFAULT_VARIANT = 'default';

export function apiLocale(locale: string): string {
  return locale === '' ? DEFAULT_VARIANT : locale;
}
