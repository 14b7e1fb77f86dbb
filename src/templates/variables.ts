/**
 * The variables a template may use, documented once: the save-time check walks templates
 * against this tree, `GET /templates/variables` publishes it, and a spec holds the context
 * builders to it, so the three never drift apart.
 */
export type VariableType = 'string' | 'number' | 'boolean' | 'decimal' | 'date' | 'datetime' | 'object' | 'array';

export interface VariableSpec {
  type: VariableType;
  description: string;
  /** May be null: guard it with `{{#if …}}` before using its fields. */
  nullable?: boolean;
  example?: unknown;
  fields?: Record<string, VariableSpec>;
  items?: VariableSpec;
}

const str = (description: string, example?: unknown, nullable = false): VariableSpec => ({
  type: 'string',
  description,
  example,
  nullable,
});

const ADDRESS: VariableSpec = {
  type: 'object',
  nullable: true,
  description: 'Postal address; null when unknown. Missing lines are null.',
  fields: {
    line1: str('First address line', '12 Elm Street'),
    line2: str('Second address line', null, true),
    city: str('City', 'Boston'),
    region: str('State or region', 'MA', true),
    postalCode: str('Postal code', '02108', true),
    country: str('ISO 3166 country code', 'US'),
  },
};

export const TEMPLATE_VARIABLES: Record<string, VariableSpec> = {
  customer: {
    type: 'object',
    description: 'The customer the message is for.',
    fields: {
      firstName: str('Given name', 'Olivia'),
      lastName: str('Family name; may be empty', 'Smith'),
      fullName: str("Full name in the order of the customer's language (family name first in vi, zh, ja, ko, hu)", 'Olivia Smith'),
      email: str('Email address', 'olivia@example.com', true),
      phone: str('Phone number in E.164', '+14155550123', true),
      birthday: {
        type: 'object',
        nullable: true,
        description: 'Birthday; null when unknown. `{{date customer.birthday}}` prints it without the year.',
        fields: {
          month: { type: 'number', description: '1–12', example: 3 },
          day: { type: 'number', description: '1–31', example: 14 },
          year: { type: 'number', description: 'Birth year when known', example: 1990, nullable: true },
          turning: {
            type: 'number',
            description: 'Age on the next birthday on or after the touch date, when the year is known',
            example: 36,
            nullable: true,
          },
        },
      },
      age: {
        type: 'number',
        description: 'Age in whole years on the touch date, when the birth year is known',
        example: 35,
        nullable: true,
      },
      locale: str('BCP 47 locale', 'en-US'),
      timeZone: str('IANA time zone', 'America/New_York'),
      tier: str('Tier set by the CRM', 'gold', true),
      tags: { type: 'array', description: 'Tags set by the CRM', example: ['vip'], items: { type: 'string', description: 'A tag' } },
      lifetimeValue: {
        type: 'decimal',
        description: 'Sum of placed orders in the base currency, as a decimal string; print with `{{money customer.lifetimeValue}}`',
        example: '1280.50',
      },
      orderCount: { type: 'number', description: 'Placed orders', example: 7 },
      lastOrderAt: {
        type: 'datetime',
        description: 'When the last placed order was placed (ISO 8601)',
        example: '2026-03-02T15:04:00.000Z',
        nullable: true,
      },
      daysSinceLastOrder: {
        type: 'number',
        description: "Calendar days from the last order to the touch date, in the customer's zone",
        example: 105,
        nullable: true,
      },
      customerSince: { type: 'date', description: 'Customer since (YYYY-MM-DD)', example: '2021-09-01', nullable: true },
      address: ADDRESS,
    },
  },
  manager: {
    type: 'object',
    description: 'The account manager the message comes from. Customers without one get the company in their place.',
    fields: {
      name: str('Full name', 'Emma Clarke'),
      firstName: str('First word of the name', 'Emma'),
      email: str('Email address', 'emma@example.com', true),
      phone: str('Phone number in E.164', '+12125550101', true),
      signature: str(
        'Email signature (plain text, may span lines; `{{nl2br manager.signature}}` in HTML); the name when none is set',
        'Emma Clarke\nAccount manager',
      ),
    },
  },
  order: {
    type: 'object',
    nullable: true,
    description: 'The order that triggered the touch; null when there is none (guard with `{{#if order}}`).',
    fields: {
      externalId: str('Order number in the shop system', 'A-10293'),
      total: {
        type: 'decimal',
        description: 'Order total as a decimal string; print with `{{money order.total order.currency}}`',
        example: '249.00',
      },
      currency: str('ISO 4217 currency', 'USD'),
      placedAt: { type: 'datetime', description: 'When it was placed (ISO 8601)', example: '2026-06-12T18:30:00.000Z' },
    },
  },
  company: {
    type: 'object',
    description: 'The sending company (config COMPANY_NAME, BASE_CURRENCY).',
    fields: {
      name: str('Company name', 'Touchpoint Demo Shop'),
      currency: str('Base currency (ISO 4217)', 'USD'),
    },
  },
  touch: {
    type: 'object',
    description: 'The planned contact.',
    fields: {
      date: { type: 'date', description: "The date the touch is for, in the customer's zone (YYYY-MM-DD)", example: '2026-06-15' },
      feedbackUrl: str(
        "The signed link to the customer's feedback page when the rule asks for feedback (`action.askFeedback`), else null. " +
          'A message that does not place it gets it after its text.',
        'https://touchpoint.example.com/f/2s.1b.t5x3qo.Xq1vKz0aPbR7cWm2',
        true,
      ),
    },
  },
};

export interface HelperDoc {
  usage: string;
  description: string;
}

/** Every helper a template may call. Formatting follows the customer's locale and time zone. */
export const TEMPLATE_HELPERS: Record<string, HelperDoc> = {
  date: {
    usage: '{{date value "long"}}',
    description:
      "A datetime, a YYYY-MM-DD date or a birthday in the customer's locale and zone; styles short, medium, long (default), full. Empty for null.",
  },
  time: {
    usage: '{{time value "short"}}',
    description: "Time of day of a datetime in the customer's locale and zone; styles short (default), medium.",
  },
  money: {
    usage: '{{money amount currency}}',
    description: "An amount with its currency in the customer's locale; the currency defaults to the base currency. Empty for null.",
  },
  firstNameOr: {
    usage: '{{firstNameOr "there"}} or {{firstNameOr name "there"}}',
    description: "The customer's first name (or the given name), or the fallback when it is empty.",
  },
  daysSince: {
    usage: '{{daysSince customer.lastOrderAt}}',
    description: "Calendar days from a date or datetime to the touch date, in the customer's zone.",
  },
  ordinal: {
    usage: '{{ordinal customer.birthday.turning}}',
    description:
      "An ordinal number in the customer's language: en 1st, 2nd, 3rd; vi thứ 2; ru 2-й; th ที่ 2; fr 1er; de 2.; else the number.",
  },
  plural: {
    usage: '{{customer.orderCount}} {{plural customer.orderCount one="order" other="orders"}}',
    description:
      "The word form for a count by the customer's language's plural rules: one, two, few, many, other (other when a form is missing).",
  },
  nl2br: { usage: '{{nl2br manager.signature}}', description: 'HTML parts: the text escaped, with its line breaks as <br>.' },
  if: { usage: '{{#if value}}…{{else}}…{{/if}}', description: 'Built in.' },
  unless: { usage: '{{#unless value}}…{{/unless}}', description: 'Built in.' },
  each: { usage: '{{#each customer.tags as |tag|}}…{{/each}}', description: 'Built in; @index, @first, @last inside.' },
  with: { usage: '{{#with customer.address as |a|}}…{{/with}}', description: 'Built in.' },
};

/** Helpers that take a block (`{{#name}}`). */
export const BLOCK_HELPERS = new Set(['if', 'unless', 'each', 'with']);
/** Helpers used inline (`{{name …}}`, `(name …)`). */
export const INLINE_HELPERS = new Set(['date', 'time', 'money', 'firstNameOr', 'daysSince', 'ordinal', 'plural', 'nl2br']);

/** Looks a dotted path up in the tree: `['customer', 'address', 'city']`. */
export function findVariable(root: Record<string, VariableSpec>, parts: string[]): VariableSpec | null {
  let fields: Record<string, VariableSpec> | undefined = root;
  let spec: VariableSpec | null = null;
  for (const part of parts) {
    if (spec?.type === 'array') {
      if (part === 'length') return { type: 'number', description: 'Number of items' };
      if (/^\d+$/.test(part) && spec.items) {
        spec = spec.items;
        fields = spec.fields;
        continue;
      }
      return null;
    }
    if (!fields || !Object.prototype.hasOwnProperty.call(fields, part)) return null;
    spec = fields[part];
    fields = spec.fields;
  }
  return spec;
}
