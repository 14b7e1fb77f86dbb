import { customerUpsertSql, CustomerWriteColumn } from '../customers/customer-merge.sql';

/**
 * The set-based half of the import: staging tables, the statements that merge one staged chunk
 * into the real tables, and the catalog work of a first load into an empty table.
 */

// Temporary, so they cost no WAL and vanish with the session; emptied at every commit, so a
// chunk's staging rows never outlive its transaction.
export const CUSTOMER_STAGE = `
  CREATE TEMP TABLE IF NOT EXISTS import_customer_stage (
    line bigint NOT NULL, external_id text NOT NULL, first_name text NOT NULL, last_name text NOT NULL,
    email text, phone text, birth_year smallint, birth_month smallint, birth_day smallint, customer_since date,
    time_zone text NOT NULL, locale text NOT NULL, account_manager_email text, tags text[] NOT NULL, tier text,
    consent jsonb NOT NULL, address jsonb
  ) ON COMMIT DELETE ROWS`;

export const ORDER_STAGE = `
  CREATE TEMP TABLE IF NOT EXISTS import_order_stage (
    line bigint NOT NULL, external_id text NOT NULL, customer_external_id text NOT NULL, placed_at timestamptz NOT NULL,
    placed_time_zone text, total numeric(19,4) NOT NULL, currency char(3) NOT NULL, status text NOT NULL
  ) ON COMMIT DELETE ROWS`;

export const COPY_CUSTOMERS = 'COPY import_customer_stage FROM STDIN';
export const COPY_ORDERS = 'COPY import_order_stage FROM STDIN';

/** Rows naming an account manager we do not know: rejected rather than silently unassigned. */
export const UNKNOWN_MANAGERS = `
  SELECT s.line::text AS line, s.external_id, s.account_manager_email AS value
    FROM import_customer_stage s
   WHERE s.account_manager_email IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM staff st WHERE lower(st.email) = s.account_manager_email)`;

/**
 * Upsert of the staged customers through the customer merge shared with `POST /customers/bulk`
 * (customer-merge.sql.ts). `$1` is the import's "now". With `dedupe`, the last row of an external
 * id wins. `keep`: columns the file does not have, whose stored values stay.
 *
 * With `firstLoad` (the table is empty and locked, the stage deduplicated or found to repeat no
 * id: see insertFirstLoad in import.service.ts) it is a plain
 * `INSERT`: no row can conflict, and skipping the speculative insertion of `ON CONFLICT` makes
 * the statement about a third cheaper. The counts come out the same: every row is inserted.
 */
export function mergeCustomers(dedupe: boolean, firstLoad = false, keep?: ReadonlySet<CustomerWriteColumn>): string {
  return `
  WITH src AS (
    SELECT ${dedupe ? 'DISTINCT ON (s.external_id)' : ''} s.*, st.id AS account_manager_id
      FROM import_customer_stage s
      LEFT JOIN staff st ON lower(st.email) = s.account_manager_email
     WHERE s.account_manager_email IS NULL OR st.id IS NOT NULL
     ${dedupe ? 'ORDER BY s.external_id, s.line DESC' : ''}
  ), up AS (${customerUpsertSql({ from: 'src', now: '$1::timestamptz', keep, insertOnly: firstLoad })}
    RETURNING (xmax = 0) AS inserted
  )
  SELECT (SELECT count(*) FROM src)::int AS applied,
         count(*) FILTER (WHERE inserted)::int AS inserted,
         count(*) FILTER (WHERE NOT inserted)::int AS updated
    FROM up`;
}

/**
 * Upsert of the staged orders, `$1` being the import's "now". Customers are looked up once: the
 * same join yields the orders to write and, as `unresolved`, those naming an unknown customer.
 * With `affected`, also returns the customers whose statistics the chunk changed: those of
 * written orders, and the previous owner of an order that moved to another customer.
 * With `firstLoad` (orders empty and locked, the stage deduplicated or repeating no id) a plain `INSERT`, as for
 * customers.
 */
export function mergeOrders(dedupe: boolean, affected: boolean, firstLoad = false): string {
  return `
  WITH src AS MATERIALIZED (
    SELECT s.*, c.id AS customer_id
      FROM import_order_stage s
      LEFT JOIN customers c ON c.external_id = s.customer_external_id
  ), ok AS (
    SELECT ${dedupe ? 'DISTINCT ON (external_id)' : ''} * FROM src WHERE customer_id IS NOT NULL
     ${dedupe ? 'ORDER BY external_id, line DESC' : ''}
  ),${
    affected
      ? `
  moved AS (
    SELECT o.customer_id FROM orders o JOIN ok ON ok.external_id = o.external_id WHERE o.customer_id <> ok.customer_id
  ),`
      : ''
  }
  up AS (
    INSERT INTO orders AS o (customer_id, external_id, placed_at, placed_time_zone, total, currency, status, created_at, updated_at)
    SELECT customer_id, external_id, placed_at, placed_time_zone, total, currency, status, $1, $1
      FROM ok
     -- In index order: the foreign key probes and (customer_id, placed_at) index inserts walk forward.
     -- A first load has neither yet: in external id order, its unique index grows at its right edge.
     ORDER BY ${firstLoad ? 'external_id' : 'customer_id, placed_at'}${
       firstLoad
         ? ''
         : `
    ON CONFLICT (external_id) DO UPDATE SET
      customer_id = EXCLUDED.customer_id, placed_at = EXCLUDED.placed_at, placed_time_zone = EXCLUDED.placed_time_zone,
      total = EXCLUDED.total, currency = EXCLUDED.currency, status = EXCLUDED.status, updated_at = EXCLUDED.updated_at
    WHERE (o.customer_id, o.placed_at, o.placed_time_zone, o.total, o.currency, o.status)
          IS DISTINCT FROM
          (EXCLUDED.customer_id, EXCLUDED.placed_at, EXCLUDED.placed_time_zone, EXCLUDED.total, EXCLUDED.currency, EXCLUDED.status)`
     }
    RETURNING (xmax = 0) AS inserted, o.customer_id
  )
  SELECT (SELECT count(*) FROM ok)::int AS applied,
         count(*) FILTER (WHERE inserted)::int AS inserted,
         count(*) FILTER (WHERE NOT inserted)::int AS updated,
         ${
           firstLoad
             ? "'[]'::json"
             : `(SELECT coalesce(json_agg(json_build_object('line', line::text, 'external_id', external_id, 'value', customer_external_id)), '[]')
            FROM src WHERE customer_id IS NULL)`
         } AS unresolved
         ${affected ? ', ARRAY(SELECT customer_id FROM up UNION SELECT customer_id FROM moved)::text[] AS affected' : ''}
    FROM up`;
}

/**
 * A chunk is a few thousand rows against a table of millions: probing the unique index per row
 * beats the hash join the planner picks from a fresh, unanalyzed staging table, which would read
 * the whole customers table once per chunk.
 */
export const PREFER_INDEX_PROBES = ['SET LOCAL enable_hashjoin = off', 'SET LOCAL enable_mergejoin = off'];
/** Undoes PREFER_INDEX_PROBES inside a first load's one transaction, before its whole-table work. */
export const ANY_JOIN = ['RESET enable_hashjoin', 'RESET enable_mergejoin'];

/** Settings of every import transaction: see "Durability" in README.md. */
export const TRANSACTION_SETTINGS = [
  // A crash loses at most the last commit's durability, never part of a chunk: the server
  // still applies or discards each transaction whole.
  'SET LOCAL synchronous_commit = off',
  // Sorting a chunk (dedupe, index order) and the statistics' aggregate stay in memory.
  "SET LOCAL work_mem = '64MB'",
];

/** Extra settings of a first load, which rebuilds indexes and aggregates whole tables. */
export const FIRST_LOAD_SETTINGS = ["SET LOCAL maintenance_work_mem = '512MB'", "SET LOCAL work_mem = '256MB'"];

/**
 * How long a first load waits for its table locks before falling back to chunked upserts, so an
 * import never queues every reader of the table behind a long-running query.
 */
export const FIRST_LOAD_LOCK_TIMEOUT = "SET LOCAL lock_timeout = '5s'";
export const NO_LOCK_TIMEOUT = 'SET LOCAL lock_timeout = 0';

/** True when the table holds no row visible to us (checked again once it is locked). */
export const tableIsEmpty = (table: 'customers' | 'orders') => `SELECT NOT EXISTS (SELECT 1 FROM ${table}) AS empty`;

/**
 * Indexes a first load drops and rebuilds: every index of the table except unique ones (the
 * upsert's `ON CONFLICT (external_id)` needs its index, and the primary key stays) and those
 * backing a constraint. Read from the catalog, so indexes added by later migrations are included.
 */
export const DROPPABLE_INDEXES = tableIndexes('NOT i.indisunique');

/**
 * A table's (`$1`) unique indexes but its primary key, with what rebuilds them (customers and
 * orders: the external id's). A first load builds them after inserting, as for the secondary
 * ones: one sort instead of a random insert per row; the build fails on a repeated id.
 */
export const UNIQUE_INDEXES = tableIndexes('i.indisunique');

/** The indexes of table `$1` that `which` selects, but the primary key and those backing a constraint. */
function tableIndexes(which: string): string {
  return `
  SELECT quote_ident(n.nspname) || '.' || quote_ident(ic.relname) AS name, pg_get_indexdef(i.indexrelid) AS definition
    FROM pg_index i
    JOIN pg_class ic ON ic.oid = i.indexrelid
    JOIN pg_namespace n ON n.oid = ic.relnamespace
   WHERE i.indrelid = $1::regclass
     AND ${which} AND NOT i.indisprimary
     AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
   ORDER BY ic.relname`;
}

/** Foreign keys of a table (`$1`), with what re-adds them: re-adding validates every row once. */
export const FOREIGN_KEYS = `
  SELECT quote_ident(conname) AS name, pg_get_constraintdef(oid) AS definition
    FROM pg_constraint
   WHERE conrelid = $1::regclass AND contype = 'f'
   ORDER BY conname`;

/**
 * A first load stages the whole file and merges it once. Its rejected rows (unknown account
 * manager or customer) are set aside first, then read back a page at a time by line.
 */
export const FIRST_LOAD_UNRESOLVED: Record<'customers' | 'orders', string> = {
  customers: `CREATE TEMP TABLE import_unresolved ON COMMIT DROP AS ${UNKNOWN_MANAGERS}`,
  orders: `
  CREATE TEMP TABLE import_unresolved ON COMMIT DROP AS
  SELECT s.line::text AS line, s.external_id, s.customer_external_id AS value
    FROM import_order_stage s
   WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.external_id = s.customer_external_id)`,
};
export const DROP_UNRESOLVED = 'DROP TABLE import_unresolved';
export const UNRESOLVED_PAGE = `
  SELECT line, external_id, value FROM import_unresolved WHERE line::bigint > $1 ORDER BY line::bigint LIMIT 10000`;

/**
 * Orders that name their customer by email (Shopify's orders export): the staged email becomes
 * the external id of the one customer with that email. An email no customer has, or several
 * have, stays as it is and the order is reported as unresolved. Stored emails are lower case.
 */
export const ORDER_CUSTOMERS_BY_EMAIL = `
  UPDATE import_order_stage s
     SET customer_external_id = m.external_id
    FROM (SELECT lower(c.email) AS email, min(c.external_id) AS external_id
            FROM customers c
           WHERE lower(c.email) IN (SELECT customer_external_id FROM import_order_stage) AND c.email IS NOT NULL
           GROUP BY lower(c.email)
          HAVING count(*) = 1) m
   WHERE s.customer_external_id = m.email`;

/** Around a first load's insert without the deduplicating sort (import.service.ts, insertFirstLoad). */
export const FIRST_LOAD_SAVEPOINT = 'SAVEPOINT import_first_load';
export const RELEASE_FIRST_LOAD_SAVEPOINT = 'RELEASE SAVEPOINT import_first_load';
export const ROLLBACK_TO_FIRST_LOAD_SAVEPOINT = 'ROLLBACK TO SAVEPOINT import_first_load';

/** Before the orders' part of a joint first load: a failure rolls back to it, keeping the customers. */
export const JOINT_ORDERS_SAVEPOINT = 'SAVEPOINT import_orders';
export const ROLLBACK_TO_JOINT_ORDERS_SAVEPOINT = 'ROLLBACK TO SAVEPOINT import_orders';

/** The session's room for the temporary stage tables. */
export const STAGE_TEMP_BUFFERS = `SET temp_buffers = '128MB'`;

export const TRUNCATE_STAGE: Record<'customers' | 'orders', string> = {
  customers: 'TRUNCATE import_customer_stage',
  orders: 'TRUNCATE import_order_stage',
};

export const ANALYZE_STAGE: Record<'customers' | 'orders', string> = {
  customers: 'ANALYZE import_customer_stage',
  orders: 'ANALYZE import_order_stage',
};

/** A first load takes the tables it fills (and, for orders, the customers it refreshes) alone. */
export const FIRST_LOAD_TABLE_LOCK: Record<'customers' | 'orders', string> = {
  customers: 'LOCK TABLE customers IN ACCESS EXCLUSIVE MODE',
  orders: 'LOCK TABLE orders, customers IN ACCESS EXCLUSIVE MODE',
};

export const ANALYZE_LOADED: Record<'customers' | 'orders', string> = {
  customers: 'ANALYZE customers',
  orders: 'ANALYZE orders, customers',
};

/** `name` comes from FOREIGN_KEYS, not from input. */
export const dropOrderForeignKey = (name: string) => `ALTER TABLE orders DROP CONSTRAINT ${name}`;

/** `name` and `definition` come from FOREIGN_KEYS, not from input. */
export const addOrderForeignKey = (name: string, definition: string) => `ALTER TABLE orders ADD CONSTRAINT ${name} ${definition}`;

/** `name` comes from DROPPABLE_INDEXES, not from input. */
export const dropIndex = (name: string) => `DROP INDEX ${name}`;

/** The planner's estimate of the customers table's size, free to read. */
export const CUSTOMERS_ESTIMATE = `SELECT reltuples::float8 AS customers FROM pg_class WHERE oid = 'customers'::regclass`;
