/** The statements of the template store, its preview and the rendering context, in one place. */

/** A template with its variants as a jsonb array of { locale, parts }; callers add WHERE / ORDER BY. */
export const SELECT_TEMPLATE = `
  SELECT t.id, t.key, t.channel, t.description, t.created_at, t.updated_at, t.updated_by,
         COALESCE((SELECT jsonb_agg(jsonb_build_object('locale', v.locale, 'parts', v.parts) ORDER BY v.locale)
                     FROM template_variants v WHERE v.template_id = t.id), '[]'::jsonb) AS variants
    FROM templates t`;

export const LIST_TEMPLATES = `${SELECT_TEMPLATE} ORDER BY t.key`;

export const TEMPLATE_BY_KEY = `${SELECT_TEMPLATE} WHERE t.key = $1`;

/** $1 key; locked for the rest of the transaction when `lock`. */
export function templateByKey(lock: boolean): string {
  return `${SELECT_TEMPLATE} WHERE t.key = $1${lock ? ' FOR UPDATE OF t' : ''}`;
}

/** $1 key, $2 channel or null for any. */
export const TEMPLATE_EXISTS = `SELECT 1 FROM templates WHERE key = $1 AND ($2::text IS NULL OR channel = $2)`;

/** $1 key, $2 channel, $3 description, $4 now, $5 staff id. */
export const INSERT_TEMPLATE = `INSERT INTO templates (key, channel, description, created_at, updated_at, updated_by)
         VALUES ($1, $2, $3, $4, $4, $5) ON CONFLICT (key) DO NOTHING RETURNING id`;

/** $1 id, $2 description, $3 now, $4 staff id. */
export const UPDATE_TEMPLATE = `UPDATE templates SET description = $2, updated_at = $3, updated_by = $4 WHERE id = $1`;

/** $1 template id, $2 the locales to keep. */
export const DELETE_OTHER_VARIANTS = `DELETE FROM template_variants WHERE template_id = $1 AND NOT (locale = ANY($2::text[]))`;

/** The rules that send template $1. */
export const RULES_USING_TEMPLATE = `SELECT name FROM rules WHERE action->>'templateKey' = $1 ORDER BY name`;

export const DELETE_TEMPLATE = `DELETE FROM templates WHERE id = $1`;

/** $1 id, $2 now, $3 staff id. */
export const TOUCH_TEMPLATE = `UPDATE templates SET updated_at = $2, updated_by = $3 WHERE id = $1`;

/** $1 template id, $2 locale. */
export const DELETE_VARIANT = `DELETE FROM template_variants WHERE template_id = $1 AND locale = $2`;

/** $1 template id, $2 locale, $3 parts (JSON), $4 now, $5 staff id. */
export const UPSERT_VARIANT = `INSERT INTO template_variants (template_id, locale, parts, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (template_id, locale) DO UPDATE SET parts = EXCLUDED.parts, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`;

export const NO_TEMPLATES = 'SELECT NOT EXISTS (SELECT 1 FROM templates) AS empty';

/** $1 external id, $2 the manager whose customers only are seen, or null for all. */
export const PREVIEW_CUSTOMER = `SELECT id, locale FROM customers WHERE external_id = $1 AND ($2::uuid IS NULL OR account_manager_id = $2)`;

/** $1 external id, $2 customer id. */
export const PREVIEW_ORDER = `SELECT id, external_id FROM orders WHERE external_id = $1 AND customer_id = $2`;

/** The customer's ($1) latest placed order. */
export const PREVIEW_LATEST_ORDER = `SELECT id, external_id FROM orders WHERE customer_id = $1 AND status = 'placed' ORDER BY placed_at DESC, id DESC LIMIT 1`;

/** The customers $1 (bigint ids) with their account manager's fields (m_*). */
export const CONTEXT_CUSTOMERS = `SELECT c.id::text AS id, c.first_name, c.last_name, c.email, c.phone, c.birth_year, c.birth_month, c.birth_day,
                    to_char(c.customer_since, 'YYYY-MM-DD') AS customer_since, c.time_zone, c.locale, c.tier, c.tags,
                    c.lifetime_value::text AS lifetime_value, c.order_count, c.last_order_at, c.address,
                    s.name AS m_name, s.email AS m_email, s.phone AS m_phone, s.email_signature AS m_signature, s.active AS m_active
               FROM customers c
               LEFT JOIN staff s ON s.id = c.account_manager_id
              WHERE c.id = ANY($1::bigint[])`;

/** The orders $1 (bigint ids). */
export const CONTEXT_ORDERS = `SELECT id::text AS id, customer_id::text AS customer_id, external_id, total::text AS total, currency, placed_at
               FROM orders WHERE id = ANY($1::bigint[])`;
