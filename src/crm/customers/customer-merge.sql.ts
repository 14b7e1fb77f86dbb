/**
 * The one statement that merges customer records into the table, whatever they come from: the
 * rows of `POST /customers/bulk` (a jsonb recordset) or a staged chunk of a CSV import. Both
 * callers give a `FROM` whose columns are named as the table's (`account_manager_id` resolved)
 * and append their own `RETURNING`.
 *
 * Each record replaces the stored one, except:
 * - consent merges per channel (see CONSENT_MERGE);
 * - `phone_invalid` (set by delivery) survives only while the phone stays the same;
 * - columns in `keep` (those a mapped CSV file does not have) keep their stored value;
 * - anonymized customers are left alone, and a record equal to what is stored is not written,
 *   so only rows whose values change come back from `RETURNING` as updates.
 */
export const CUSTOMER_WRITE_COLUMNS = [
  'first_name',
  'last_name',
  'email',
  'phone',
  'birth_year',
  'birth_month',
  'birth_day',
  'customer_since',
  'time_zone',
  'locale',
  'account_manager_id',
  'tags',
  'tier',
  'address',
] as const;
export type CustomerWriteColumn = (typeof CUSTOMER_WRITE_COLUMNS)[number];

export interface CustomerUpsertOptions {
  /** `FROM` clause (with alias) yielding external_id, consent and CUSTOMER_WRITE_COLUMNS. */
  from: string;
  /** The parameter holding the write's time, e.g. `$2`: created_at, updated_at, and consent given without a time. */
  now: string;
  /** Stored columns the records do not speak for. */
  keep?: ReadonlySet<CustomerWriteColumn>;
  /** The table is empty and locked and the source has one row per id: a plain INSERT. */
  insertOnly?: boolean;
}

/**
 * A channel's statement replaces the stored one unless it is older (a CRM replaying yesterday's
 * "granted" must not undo today's unsubscribe), or it repeats the stored status with no time of
 * its own (its time is then the write's, `now`): re-sending an unchanged record must not move
 * the time consent was given to the time of the sync.
 */
export function consentMerge(stored: string, given: string, now: string): string {
  return `${stored} || (
    SELECT COALESCE(jsonb_object_agg(g.channel, g.entry), '{}'::jsonb)
      FROM jsonb_each(${given}) AS g(channel, entry)
     WHERE jsonb_typeof(${stored} -> g.channel -> 'at') IS DISTINCT FROM 'string'
        OR ((g.entry ->> 'at')::timestamptz >= (${stored} -> g.channel ->> 'at')::timestamptz
            AND NOT ((g.entry ->> 'at')::timestamptz = ${now}
                     AND g.entry ->> 'status' = ${stored} -> g.channel ->> 'status')))`;
}

export function customerUpsertSql(options: CustomerUpsertOptions): string {
  const keep = options.keep ?? new Set<CustomerWriteColumn>();
  const written = CUSTOMER_WRITE_COLUMNS.filter((column) => !keep.has(column));
  const insert = `
  INSERT INTO customers AS c (external_id, ${CUSTOMER_WRITE_COLUMNS.join(', ')}, consent, created_at, updated_at)
  SELECT external_id, ${CUSTOMER_WRITE_COLUMNS.join(', ')}, consent, ${options.now}, ${options.now}
    FROM ${options.from}`;
  if (options.insertOnly) return insert;
  const consent = consentMerge('c.consent', 'EXCLUDED.consent', options.now);
  const set = written.map((column) => `${column} = EXCLUDED.${column}`);
  if (!keep.has('phone')) set.push('phone_invalid = c.phone_invalid AND c.phone IS NOT DISTINCT FROM EXCLUDED.phone');
  return `${insert}
  ON CONFLICT (external_id) DO UPDATE SET
    ${set.join(',\n    ')},
    consent = ${consent},
    updated_at = EXCLUDED.updated_at
  WHERE c.anonymized_at IS NULL
    AND (${written.map((column) => `c.${column}`).join(', ')}, c.consent)
        IS DISTINCT FROM
        (${written.map((column) => `EXCLUDED.${column}`).join(', ')}, ${consent})`;
}
