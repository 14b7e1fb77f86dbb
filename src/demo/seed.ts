import { DataSource, EntityManager } from 'typeorm';
import { SystemClock } from '../common/clock';
import { Env } from '../config/env';
import { refreshCustomerStats } from '../crm/orders/customer-stats';
import { dataSourceOptions } from '../database/options';
import { hashToken, tokenPrefix } from '../staff/tokens';
import { simulateDemoHistory } from './history';
import { pick, seededRandom } from './random';

/**
 * The demo data set: a small shop with an admin, four account managers (one per demo locale)
 * and a thousand customers with two years of orders, plus a year of simulated touches. Deterministic: the same seed gives the
 * same people, birthdays and orders, with order dates relative to the day it is loaded.
 */
export const DEMO_ADMIN_TOKEN = 'tp_demo_admin_0000000000000000';
const DEMO_ADMIN_EMAIL = 'admin@demo.touchpoint.test';

interface DemoManager {
  name: string;
  email: string;
  timeZone: string;
  locale: string;
  phone: string;
  token: string;
  country: string;
  firstNames: string[];
  lastNames: string[];
  cities: string[];
}

export const DEMO_MANAGERS: DemoManager[] = [
  {
    name: 'Emma Clarke', email: 'emma@demo.touchpoint.test', timeZone: 'America/New_York', locale: 'en',
    phone: '+12125550101', token: 'tp_demo_manager_emma_000000000', country: 'US',
    firstNames: ['Olivia', 'Liam', 'Ava', 'Noah', 'Sophia', 'James', 'Mia', 'Lucas', 'Grace', 'Henry'],
    lastNames: ['Smith', 'Johnson', 'Brown', 'Garcia', 'Miller', 'Davis', 'Wilson', 'Moore'],
    cities: ['New York', 'Boston', 'Chicago', 'Denver', 'Seattle'],
  },
  {
    name: 'Linh Nguyen', email: 'linh@demo.touchpoint.test', timeZone: 'Asia/Ho_Chi_Minh', locale: 'vi',
    phone: '+84901234501', token: 'tp_demo_manager_linh_000000000', country: 'VN',
    firstNames: ['Anh', 'Bảo', 'Chi', 'Dũng', 'Hà', 'Hùng', 'Lan', 'Minh', 'Phương', 'Trang'],
    lastNames: ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi'],
    cities: ['Hà Nội', 'Hồ Chí Minh', 'Đà Nẵng', 'Huế', 'Cần Thơ'],
  },
  {
    name: 'Dmitri Volkov', email: 'dmitri@demo.touchpoint.test', timeZone: 'Europe/Moscow', locale: 'ru',
    phone: '+79161234501', token: 'tp_demo_manager_dmitri_0000000', country: 'RU',
    firstNames: ['Анна', 'Иван', 'Мария', 'Алексей', 'Ольга', 'Сергей', 'Елена', 'Павел', 'Татьяна', 'Никита'],
    lastNames: ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Соколов', 'Лебедев', 'Козлов', 'Новиков'],
    cities: ['Москва', 'Санкт-Петербург', 'Казань', 'Новосибирск', 'Екатеринбург'],
  },
  {
    name: 'Suda Charoen', email: 'suda@demo.touchpoint.test', timeZone: 'Asia/Bangkok', locale: 'th',
    phone: '+66812345601', token: 'tp_demo_manager_suda_000000000', country: 'TH',
    firstNames: ['สมชาย', 'สมหญิง', 'ประยุทธ', 'วิภา', 'อนันต์', 'มาลี', 'ชัยวัฒน์', 'นภา', 'ปรีชา', 'รัตนา'],
    lastNames: ['ศรีสุข', 'ใจดี', 'รุ่งเรือง', 'สุขสันต์', 'วงศ์ใหญ่', 'ทองดี', 'แก้วมณี', 'บุญมา'],
    cities: ['กรุงเทพมหานคร', 'เชียงใหม่', 'ภูเก็ต', 'ขอนแก่น', 'พัทยา'],
  },
];

const CUSTOMERS_PER_MANAGER = 250;
// A few customers have no account manager: their calls and cards go to the shared pool.
const UNASSIGNED_CUSTOMERS = 20;
const DAY_MS = 86_400_000;

export interface DemoAccess {
  seeded: boolean;
  summary: string;
  adminToken: string;
  managerToken: string;
  managerName: string;
}

/** Loads the demo set when the database holds no staff yet; reports the demo tokens either way. */
export async function seedDemoIfEmpty(url: string, env: Env): Promise<DemoAccess | null> {
  const dataSource = new DataSource({ ...dataSourceOptions(url, 2), logging: false });
  await dataSource.initialize();
  try {
    const now = new SystemClock(env.CLOCK_START ? new Date(env.CLOCK_START) : undefined).now();
    const seeded = await dataSource.transaction(async (manager) => {
      // Two instances booting at once must not both seed.
      await manager.query('LOCK TABLE staff IN EXCLUSIVE MODE');
      const [{ empty }] = await manager.query('SELECT NOT EXISTS (SELECT 1 FROM staff) AS empty');
      if (!empty) return null;
      return seedDemo(manager, now, env.BASE_CURRENCY);
    });
    const [{ demo }] = await dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL) AS demo`,
      [hashToken(DEMO_ADMIN_TOKEN)],
    );
    if (!demo) return null;
    return {
      seeded: seeded !== null,
      summary: seeded ?? '',
      adminToken: DEMO_ADMIN_TOKEN,
      managerToken: DEMO_MANAGERS[0].token,
      managerName: DEMO_MANAGERS[0].name,
    };
  } finally {
    await dataSource.destroy();
  }
}

/** Writes the demo set in the caller's transaction and returns a one-line summary. */
export async function seedDemo(manager: EntityManager, now: Date, currency: string): Promise<string> {
  const random = seededRandom(20261123);
  const adminId = await insertStaff(manager, now, {
    name: 'Alex Admin', email: DEMO_ADMIN_EMAIL, role: 'admin', timeZone: 'UTC', phone: null, signature: null,
  });
  await insertToken(manager, adminId, 'demo', DEMO_ADMIN_TOKEN, now);

  const managerIds: string[] = [];
  for (const person of DEMO_MANAGERS) {
    const id = await insertStaff(manager, now, {
      name: person.name, email: person.email, role: 'manager', timeZone: person.timeZone, phone: person.phone,
      signature: `${person.name}\nAccount manager, Touchpoint Demo Shop`,
    });
    await insertToken(manager, id, 'demo', person.token, now);
    managerIds.push(id);
  }
  // Each manager backs up the next one, so absences have somewhere to go.
  for (let i = 0; i < managerIds.length; i++) {
    await manager.query('UPDATE staff SET backup_staff_id = $2 WHERE id = $1', [managerIds[i], managerIds[(i + 1) % managerIds.length]]);
  }

  const customers: unknown[][] = [];
  const total = DEMO_MANAGERS.length * CUSTOMERS_PER_MANAGER + UNASSIGNED_CUSTOMERS;
  for (let n = 0; n < total; n++) {
    const owner = n < DEMO_MANAGERS.length * CUSTOMERS_PER_MANAGER ? n % DEMO_MANAGERS.length : -1;
    const person = DEMO_MANAGERS[owner >= 0 ? owner : n % DEMO_MANAGERS.length];
    const first = pick(random, person.firstNames);
    const last = pick(random, person.lastNames);
    const month = 1 + Math.floor(random() * 12);
    // One customer in fifty is a leap-day baby, to show the Feb 28 rule.
    const leap = n % 50 === 7;
    const day = leap ? 29 : 1 + Math.floor(random() * 28);
    const since = new Date(now.getTime() - Math.floor(200 + random() * 1800) * DAY_MS);
    const granted = (channel: string) => ({ status: random() < 0.92 ? 'granted' : 'withdrawn', at: since.toISOString(), source: `signup:${channel}` });
    customers.push([
      `demo-${String(n + 1).padStart(4, '0')}`,
      first,
      last,
      `customer${n + 1}@example.com`,
      `${person.phone.slice(0, -4)}${String(2000 + n).slice(-4)}`,
      random() < 0.7 ? 1950 + Math.floor(random() * 55) : null,
      leap ? 2 : month,
      day,
      since.toISOString().slice(0, 10),
      person.timeZone,
      random() < 0.2 && person.locale === 'vi' ? 'vi-VN' : person.locale,
      owner >= 0 ? managerIds[owner] : null,
      random() < 0.15 ? ['vip'] : random() < 0.3 ? ['newsletter'] : [],
      null,
      JSON.stringify({ email: granted('email'), sms: granted('sms'), call: granted('call') }),
      JSON.stringify({ line1: `${1 + Math.floor(random() * 200)} ${last} Street`, city: pick(random, person.cities), postalCode: String(10000 + Math.floor(random() * 89999)), country: person.country }),
    ]);
  }
  const ids: { id: string }[] = await manager.query(
    `INSERT INTO customers (external_id, first_name, last_name, email, phone, birth_year, birth_month, birth_day,
                            customer_since, time_zone, locale, account_manager_id, tags, tier, consent, address,
                            created_at, updated_at)
     SELECT r.*, $2::timestamptz, $2::timestamptz
       FROM jsonb_to_recordset($1::jsonb) AS r(external_id text, first_name text, last_name text, email text, phone text,
            birth_year smallint, birth_month smallint, birth_day smallint, customer_since date, time_zone text, locale text,
            account_manager_id uuid, tags text[], tier text, consent jsonb, address jsonb)
     RETURNING id`,
    [JSON.stringify(customers.map(toRecord)), now],
  );

  const orders: Record<string, unknown>[] = [];
  ids.forEach(({ id }, index) => {
    // A long tail: most customers order a few times, a few order often and for more.
    const big = random() < 0.1;
    const count = big ? 8 + Math.floor(random() * 12) : Math.floor(random() * 6);
    for (let k = 0; k < count; k++) {
      const daysAgo = Math.floor(random() * 730);
      orders.push({
        customer_id: id,
        external_id: `demo-order-${index + 1}-${k + 1}`,
        placed_at: new Date(now.getTime() - daysAgo * DAY_MS - Math.floor(random() * DAY_MS)).toISOString(),
        total: (big ? 150 + random() * 900 : 15 + random() * 180).toFixed(2),
        status: random() < 0.05 ? 'refunded' : 'placed',
      });
    }
  });
  await manager.query(
    `INSERT INTO orders (customer_id, external_id, placed_at, total, currency, status, created_at, updated_at)
     SELECT r.customer_id, r.external_id, r.placed_at, r.total, $2, r.status, $3, $3
       FROM jsonb_to_recordset($1::jsonb) AS r(customer_id bigint, external_id text, placed_at timestamptz, total numeric, status text)`,
    [JSON.stringify(orders), currency, now],
  );
  await refreshCustomerStats(manager, null, currency);
  // Tier follows value, as a CRM would set it.
  await manager.query(
    `UPDATE customers SET tier = CASE WHEN lifetime_value >= 3000 THEN 'gold' WHEN lifetime_value >= 800 THEN 'silver' ELSE 'bronze' END`,
  );
  const history = await simulateDemoHistory(manager, now, currency);
  return `${DEMO_MANAGERS.length + 1} staff, ${ids.length} customers, ${orders.length} orders, ${history}`;
}

const CUSTOMER_COLUMNS = [
  'external_id', 'first_name', 'last_name', 'email', 'phone', 'birth_year', 'birth_month', 'birth_day', 'customer_since',
  'time_zone', 'locale', 'account_manager_id', 'tags', 'tier', 'consent', 'address',
];

function toRecord(values: unknown[]): Record<string, unknown> {
  return Object.fromEntries(
    CUSTOMER_COLUMNS.map((column, i) => [column, column === 'consent' || column === 'address' ? JSON.parse(values[i] as string) : values[i]]),
  );
}

interface StaffSeed {
  name: string;
  email: string;
  role: 'admin' | 'manager';
  timeZone: string;
  phone: string | null;
  signature: string | null;
}

async function insertStaff(manager: EntityManager, now: Date, staff: StaffSeed): Promise<string> {
  const [{ id }] = await manager.query(
    `INSERT INTO staff (name, email, role, time_zone, phone, email_signature, daily_capacity, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, 12, $7, $7) RETURNING id`,
    [staff.name, staff.email, staff.role, staff.timeZone, staff.phone, staff.signature, now],
  );
  return id;
}

async function insertToken(manager: EntityManager, staffId: string, name: string, token: string, now: Date): Promise<void> {
  await manager.query(
    `INSERT INTO api_tokens (staff_id, name, token_hash, prefix, created_at) VALUES ($1, $2, $3, $4, $5)`,
    [staffId, name, hashToken(token), tokenPrefix(token), now],
  );
}
