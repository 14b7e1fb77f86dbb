import Handlebars from 'handlebars';
import { DomainError, UnprocessableError } from '../common/errors';
import { dateStyle, daysSince, firstNameOr, formatDate, formatMoney, formatTime, nl2br, ordinal, pluralForm } from './helpers';
import { formatLocale, resolveVariantLocale } from './locale';
import { apiLocale, CHANNEL_PARTS, Channel, isHtmlPart, PartName, RenderedMessage, RenderedParts, VariantParts } from './template.types';
import { INLINE_HELPERS } from './variables';

/** What helpers format with; passed as Handlebars `data`, so templates cannot reach or change it. */
export interface RenderSettings {
  /** BCP 47 locale for dates, numbers and money. */
  locale: string;
  /** IANA zone for datetimes. */
  timeZone: string;
  /** The touch date (YYYY-MM-DD) that `daysSince` counts to. */
  today: string;
  /** Currency for `money` when the template names none. */
  currency: string;
}

/** The template context: plain objects, arrays and scalars only (see TemplateContext). */
export type PlainContext = object;

interface HelperOptions {
  hash: Record<string, unknown>;
  data: { root?: unknown } & Partial<RenderSettings>;
}

/**
 * Our own Handlebars instance: global registrations elsewhere in the process cannot add helpers
 * or partials to it, and the built-ins that reach into objects by name (`lookup`) or write to the
 * console (`log`) are removed.
 */
const engine = Handlebars.create();
engine.unregisterHelper('lookup');
engine.unregisterHelper('log');

function settings(options: HelperOptions): RenderSettings {
  const data = options.data;
  return { locale: data.locale ?? 'en', timeZone: data.timeZone ?? 'UTC', today: data.today ?? '', currency: data.currency ?? 'USD' };
}

/** Splits Handlebars' trailing options argument off the positional arguments. */
function split(args: unknown[]): [unknown[], HelperOptions] {
  return [args.slice(0, -1), args[args.length - 1] as HelperOptions];
}

engine.registerHelper('date', (...args: unknown[]) => {
  const [[value, style], options] = split(args);
  const s = settings(options);
  return formatDate(value, dateStyle(options.hash.style ?? style, 'long'), s.locale, s.timeZone);
});
engine.registerHelper('time', (...args: unknown[]) => {
  const [[value, style], options] = split(args);
  const s = settings(options);
  return formatTime(value, (options.hash.style ?? style) === 'medium' ? 'medium' : 'short', s.locale, s.timeZone);
});
engine.registerHelper('money', (...args: unknown[]) => {
  const [[amount, currency], options] = split(args);
  const s = settings(options);
  return formatMoney(amount, typeof currency === 'string' && currency !== '' ? currency : s.currency, s.locale);
});
engine.registerHelper('firstNameOr', (...args: unknown[]) => {
  const [params, options] = split(args);
  if (params.length >= 2) return firstNameOr(params[0], params[1]);
  const root = options.data.root as { customer?: { firstName?: unknown } } | undefined;
  return firstNameOr(root?.customer?.firstName, params[0]);
});
engine.registerHelper('daysSince', (...args: unknown[]) => {
  const [[value], options] = split(args);
  const s = settings(options);
  return daysSince(value, s.today, s.timeZone) ?? '';
});
engine.registerHelper('ordinal', (...args: unknown[]) => {
  const [[value], options] = split(args);
  return ordinal(value, settings(options).locale);
});
engine.registerHelper('plural', (...args: unknown[]) => {
  const [[count], options] = split(args);
  return pluralForm(count, options.hash as Record<string, unknown>, settings(options).locale);
});
// Escapes itself, so the <br> tags it adds survive the HTML escaping of the part.
engine.registerHelper('nl2br', (...args: unknown[]) => new engine.SafeString(nl2br(split(args)[0][0])));

const KNOWN_HELPERS = Object.fromEntries([...INLINE_HELPERS].map((name) => [name, true]));

/**
 * Compile options shared by the save-time check and rendering: strict (a missing name throws
 * instead of printing nothing), only our helpers, and escaping only for HTML parts. Subjects,
 * SMS, talking points and cards are plain text, where `&amp;` would be a visible mistake.
 */
export function compileOptions(html: boolean): CompileOptions {
  return { strict: true, knownHelpers: KNOWN_HELPERS, knownHelpersOnly: true, noEscape: !html };
}

export type CompileOptions = NonNullable<Parameters<typeof Handlebars.compile>[1]>;

/** Precompiles to surface compiler errors (mismatched blocks, unknown helpers) without running. */
export function precompile(source: string, html: boolean): void {
  engine.precompile(source, compileOptions(html));
}

export function parse(source: string): hbs.AST.Program {
  return engine.parse(source);
}

// Compiled templates by part kind and source. Sources are admin-written and few; the cap only
// guards against unbounded growth when templates are edited many times in a long-lived process.
const compiled = new Map<string, Handlebars.TemplateDelegate>();
const CACHE_LIMIT = 1_000;

function compile(source: string, html: boolean): Handlebars.TemplateDelegate {
  const cacheKey = `${html ? 'h' : 't'}:${source}`;
  let template = compiled.get(cacheKey);
  if (!template) {
    template = engine.compile(source, compileOptions(html));
    if (compiled.size >= CACHE_LIMIT) compiled.delete(compiled.keys().next().value as string);
    compiled.set(cacheKey, template);
  }
  return template;
}

/** Renders one part; throws an UnprocessableError naming `field` when the context lacks something. */
export function renderPart(source: string, part: PartName, context: PlainContext, render: RenderSettings, field: string = part): string {
  try {
    return compile(source, isHtmlPart(part))(context, {
      data: { ...render },
      // Belt and braces: these are Handlebars' defaults since 4.6, stated so an upgrade cannot loosen them.
      allowProtoPropertiesByDefault: false,
      allowProtoMethodsByDefault: false,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UnprocessableError('The template could not be rendered', [{ field, reason: `cannot render: ${reason}` }]);
  }
}

/** Renders every part of a variant for its channel. `fieldPrefix` names parts in errors. */
export function renderVariant(
  channel: Channel,
  parts: VariantParts,
  context: PlainContext,
  render: RenderSettings,
  fieldPrefix = '',
): RenderedParts {
  const out: Partial<Record<PartName, string>> = {};
  for (const part of CHANNEL_PARTS[channel]) {
    const source = parts[part];
    if (source === undefined) {
      throw new UnprocessableError('The template variant is incomplete', [{ field: `${fieldPrefix}${part}`, reason: 'is missing' }]);
    }
    out[part] = renderPart(source, part, context, render, `${fieldPrefix}${part}`);
  }
  return out as RenderedParts;
}

/** A template as rendering needs it: its channel and its variants by stored locale ('' = default). */
export interface RenderableTemplate {
  key: string;
  channel: Channel;
  variants: ReadonlyMap<string, VariantParts>;
}

/** The context fields rendering settings come from. */
export interface ContextSettings {
  customer: { timeZone: string };
  touch: { date: string };
  company: { currency: string };
}

/**
 * Renders a template for a requested locale: picks the variant along the fallback chain
 * (`vi-VN` → `vi` → default), formats in the locale that variant speaks, in the customer's zone.
 */
export function renderTemplate(
  template: RenderableTemplate,
  requestedLocale: string | null | undefined,
  context: ContextSettings,
  defaultLocale: string,
): RenderedMessage {
  const locale = resolveVariantLocale(template.variants.keys(), requestedLocale);
  if (locale === null) throw new TemplateNotFoundError(template.key, 'has no default variant');
  const settings: RenderSettings = {
    locale: formatLocale(requestedLocale, locale, defaultLocale),
    timeZone: context.customer.timeZone,
    today: context.touch.date,
    currency: context.company.currency,
  };
  const parts = renderVariant(template.channel, template.variants.get(locale)!, context, settings, `variants.${apiLocale(locale)}.`);
  return { templateKey: template.key, channel: template.channel, locale, formatLocale: settings.locale, parts };
}

/** A template (or its variant) that rendering needs and the store does not have. */
export class TemplateNotFoundError extends DomainError {
  constructor(key: string, why = 'not found') {
    super('not_found', `Template ${key} ${why}`);
  }
}
