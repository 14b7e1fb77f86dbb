import type { ColumnMap, FieldSource } from './column-map';
import type { ImportKind } from './csv-rows';

/**
 * Column maps for exports as their products write them (see README.md for what each reads and
 * what it leaves alone). Where a product renamed a column, both names are listed, newest first.
 */
const optional = (columns: string[], more: Omit<FieldSource, 'columns' | 'optional'> = {}): FieldSource => ({
  columns,
  optional: true,
  ...more,
});
const required = (columns: string[], more: Omit<FieldSource, 'columns'> = {}): FieldSource => ({ columns, ...more });

/**
 * Shopify admin, Customers > Export (CSV for Excel or plain CSV). Ids, phones and zips come with
 * a leading `'` so spreadsheets keep them as text; marketing consent is `yes`/`no`; tags are
 * `a, b`. Older exports named the address columns without "Default Address" and had one
 * "Accepts Marketing" column.
 */
const SHOPIFY_CUSTOMERS: ColumnMap = {
  name: 'the shopify preset',
  fields: {
    external_id: required(['Customer ID'], { transform: 'unquote' }),
    first_name: required(['First Name']),
    last_name: optional(['Last Name']),
    email: optional(['Email']),
    phone: optional(['Phone', 'Default Address Phone'], { transform: 'unquote' }),
    tags: optional(['Tags'], { transform: 'list', separator: ',' }),
    consent_email: optional(['Accepts Email Marketing', 'Accepts Marketing'], { transform: 'yes-no' }),
    consent_sms: optional(['Accepts SMS Marketing'], { transform: 'yes-no' }),
    address_line1: optional(['Default Address Address1', 'Address1']),
    address_line2: optional(['Default Address Address2', 'Address2']),
    address_city: optional(['Default Address City', 'City']),
    address_region: optional(['Default Address Province Code', 'Province Code']),
    address_postal_code: optional(['Default Address Zip', 'Zip'], { transform: 'unquote' }),
    address_country: optional(['Default Address Country Code', 'Country Code'], { transform: 'country' }),
  },
};

/**
 * Shopify admin, Orders > Export. One line per line item: the order's figures are on its first
 * line only. The customer is named by email (the export has no customer id); a cancelled order
 * has "Cancelled at"; "Financial Status" tells refunds.
 */
const SHOPIFY_ORDERS: ColumnMap = {
  name: 'the shopify preset',
  fields: {
    external_id: required(['Id', 'Name'], { transform: 'unquote' }),
    customer_email: required(['Email']),
    placed_at: required(['Created at'], { transform: 'datetime' }),
    total: required(['Total']),
    currency: required(['Currency']),
    status: optional(['Financial Status'], {
      values: {
        pending: 'placed',
        authorized: 'placed',
        partially_paid: 'placed',
        paid: 'placed',
        partially_refunded: 'placed',
        refunded: 'refunded',
        voided: 'cancelled',
        expired: 'cancelled',
      },
    }),
    cancelled_at: optional(['Cancelled at']),
  },
  continuation: ['placed_at', 'total'],
};

/**
 * HubSpot, Contacts > Export (CSV). Labels as column names; the country is a name ("United
 * States"), the state a name or code; booleans `true`/`false` (or Yes/No). The contact owner is a
 * name, not an email, so it is not read: map it with a mapping file if owners' emails are exported.
 */
const HUBSPOT_CONTACTS: ColumnMap = {
  name: 'the hubspot preset',
  fields: {
    external_id: required(['Record ID', 'Contact ID'], { transform: 'unquote' }),
    first_name: required(['First Name']),
    last_name: optional(['Last Name']),
    email: optional(['Email']),
    phone: optional(['Mobile Phone Number', 'Phone Number'], { transform: 'unquote' }),
    birthday: optional(['Date of birth'], { transform: 'date' }),
    customer_since: optional(['Became a Customer Date'], { transform: 'date' }),
    time_zone: optional(['Time Zone'], { transform: 'time-zone' }),
    consent_email: optional(['Unsubscribed from all email'], { transform: 'opt-out' }),
    address_line1: optional(['Street Address']),
    address_city: optional(['City']),
    address_region: optional(['State/Region']),
    address_postal_code: optional(['Postal Code'], { transform: 'unquote' }),
    address_country: optional(['Country/Region'], { transform: 'country' }),
  },
};

export const PRESETS: Record<string, Partial<Record<ImportKind, ColumnMap>>> = {
  shopify: { customers: SHOPIFY_CUSTOMERS, orders: SHOPIFY_ORDERS },
  hubspot: { customers: HUBSPOT_CONTACTS },
};
