import { DataSource, EntityManager } from 'typeorm';
import { SystemClock } from '../common/clock';
import { Env } from '../config/env';
import { refreshCustomerStats } from '../crm/orders/customer-stats';
import { dataSourceOptions } from '../database/options';
import { ChannelConsent } from '../crm/customers/customer.entity';
import { hashToken } from '../staff/tokens';
import { loadDemoRules, simulateDemoHistory } from './history';
import { pick, seededRandom } from './random';
import { seedDemoReplies } from './replies';
import { CustomerSeed, insertCustomers, insertOrders, insertStaff, insertToken, OrderSeed } from './seed-data';
import { insertDemoDueTouches, shapeDemoDay } from './today';

/**
 * The demo data set: a small shop with an admin, four account managers (one per demo locale)
 * and two thousand customers with two years of orders, plus a year of simulated touches and the
 * day's calls and cards (today.ts). Deterministic: the same seed gives the same people, birthdays
 * and orders, with dates relative to the day it is loaded.
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
    name: 'Emma Clarke',
    email: 'emma@demo.touchpoint.test',
    timeZone: 'America/New_York',
    locale: 'en',
    phone: '+12125550101',
    token: 'tp_demo_manager_emma_000000000',
    country: 'US',
    firstNames: ['Olivia', 'Liam', 'Ava', 'Noah', 'Sophia', 'James', 'Mia', 'Lucas', 'Grace', 'Henry'],
    lastNames: ['Smith', 'Johnson', 'Brown', 'Garcia', 'Miller', 'Davis', 'Wilson', 'Moore'],
    cities: ['New York', 'Boston', 'Chicago', 'Denver', 'Seattle'],
  },
  {
    name: 'Linh Nguyen',
    email: 'linh@demo.touchpoint.test',
    timeZone: 'Asia/Ho_Chi_Minh',
    locale: 'vi',
    phone: '+84901234501',
    token: 'tp_demo_manager_linh_000000000',
    country: 'VN',
    firstNames: ['Anh', 'Bảo', 'Chi', 'Dũng', 'Hà', 'Hùng', 'Lan', 'Minh', 'Phương', 'Trang'],
    lastNames: ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi'],
    cities: ['Hà Nội', 'Hồ Chí Minh', 'Đà Nẵng', 'Huế', 'Cần Thơ'],
  },
  {
    name: 'Dmitri Volkov',
    email: 'dmitri@demo.touchpoint.test',
    timeZone: 'Europe/Moscow',
    locale: 'ru',
    phone: '+79161234501',
    token: 'tp_demo_manager_dmitri_0000000',
    country: 'RU',
    firstNames: ['Анна', 'Иван', 'Мария', 'Алексей', 'Ольга', 'Сергей', 'Елена', 'Павел', 'Татьяна', 'Никита'],
    lastNames: ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Соколов', 'Лебедев', 'Козлов', 'Новиков'],
    cities: ['Москва', 'Санкт-Петербург', 'Казань', 'Новосибирск', 'Екатеринбург'],
  },
  {
    name: 'Suda Charoen',
    email: 'suda@demo.touchpoint.test',
    timeZone: 'Asia/Bangkok',
    locale: 'th',
    phone: '+66812345601',
    token: 'tp_demo_manager_suda_000000000',
    country: 'TH',
    firstNames: ['สมชาย', 'สมหญิง', 'ประยุทธ', 'วิภา', 'อนันต์', 'มาลี', 'ชัยวัฒน์', 'นภา', 'ปรีชา', 'รัตนา'],
    lastNames: ['ศรีสุข', 'ใจดี', 'รุ่งเรือง', 'สุขสันต์', 'วงศ์ใหญ่', 'ทองดี', 'แก้วมณี', 'บุญมา'],
    cities: ['กรุงเทพมหานคร', 'เชียงใหม่', 'ภูเก็ต', 'ขอนแก่น', 'พัทยา'],
  },
];

// Enough customers per manager that a manager's own uplift report has a holdout group to compare.
const CUSTOMERS_PER_MANAGER = 500;
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
  const [adminId] = await insertStaff(manager, [{ name: 'Alex Admin', email: DEMO_ADMIN_EMAIL, role: 'admin', timeZone: 'UTC' }], now);
  await insertToken(manager, adminId, 'demo', DEMO_ADMIN_TOKEN, now);

  const managerIds = await insertStaff(
    manager,
    DEMO_MANAGERS.map((person) => ({
      name: person.name,
      email: person.email,
      role: 'manager',
      timeZone: person.timeZone,
      phone: person.phone,
      // Each manager's page in her own language.
      locale: person.locale,
      emailSignature: `${person.name}\nAccount manager, Touchpoint Demo Shop`,
      dailyCapacity: 12,
    })),
    now,
  );
  for (const [i, person] of DEMO_MANAGERS.entries()) await insertToken(manager, managerIds[i], 'demo', person.token, now);
  // Each manager backs up the next one, so absences have somewhere to go.
  for (let i = 0; i < managerIds.length; i++) {
    await manager.query('UPDATE staff SET backup_staff_id = $2 WHERE id = $1', [managerIds[i], managerIds[(i + 1) % managerIds.length]]);
  }

  const customers: CustomerSeed[] = [];
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
    const granted = (channel: string): ChannelConsent => ({
      status: random() < 0.92 ? 'granted' : 'withdrawn',
      at: since.toISOString(),
      source: `signup:${channel}`,
    });
    customers.push({
      externalId: `demo-${String(n + 1).padStart(4, '0')}`,
      firstName: first,
      lastName: last,
      email: `customer${n + 1}@example.com`,
      phone: `${person.phone.slice(0, -4)}${String(2000 + n).slice(-4)}`,
      birthYear: random() < 0.7 ? 1950 + Math.floor(random() * 55) : null,
      birthMonth: leap ? 2 : month,
      birthDay: day,
      customerSince: since.toISOString().slice(0, 10),
      timeZone: person.timeZone,
      locale: random() < 0.2 && person.locale === 'vi' ? 'vi-VN' : person.locale,
      accountManagerId: owner >= 0 ? managerIds[owner] : null,
      tags: random() < 0.15 ? ['vip'] : random() < 0.3 ? ['newsletter'] : [],
      tier: null,
      consent: { email: granted('email'), sms: granted('sms'), call: granted('call') },
      address: {
        line1: `${1 + Math.floor(random() * 200)} ${last} Street`,
        city: pick(random, person.cities),
        postalCode: String(10000 + Math.floor(random() * 89999)),
        country: person.country,
      },
    });
  }
  const ids = await insertCustomers(manager, customers, now);

  const orders: OrderSeed[] = [];
  ids.forEach((id, index) => {
    // A long tail: most customers order a few times, a few order often and for more.
    const big = random() < 0.1;
    const count = big ? 8 + Math.floor(random() * 12) : Math.floor(random() * 6);
    for (let k = 0; k < count; k++) {
      const daysAgo = Math.floor(random() * 730);
      orders.push({
        customerId: id,
        externalId: `demo-order-${index + 1}-${k + 1}`,
        placedAt: new Date(now.getTime() - daysAgo * DAY_MS - Math.floor(random() * DAY_MS)).toISOString(),
        total: (big ? 150 + random() * 900 : 15 + random() * 180).toFixed(2),
        currency,
        status: random() < 0.05 ? 'refunded' : 'placed',
      });
    }
  });
  await insertOrders(manager, orders, now);
  await refreshCustomerStats(manager, null, currency);
  // Tier follows value, as a CRM would set it.
  await manager.query(
    `UPDATE customers SET tier = CASE WHEN lifetime_value >= 3000 THEN 'gold' WHEN lifetime_value >= 800 THEN 'silver' ELSE 'bronze' END`,
  );
  await loadDemoRules(manager, now, currency);
  const day = await shapeDemoDay(
    manager,
    now,
    DEMO_MANAGERS.map((person, i) => ({ id: managerIds[i], timeZone: person.timeZone })),
    currency,
  );
  const history = await simulateDemoHistory(manager, now, currency, day.quiet);
  const due = await insertDemoDueTouches(manager, now, day);
  const replies = await seedDemoReplies(
    manager,
    now,
    DEMO_MANAGERS.map((person, i) => ({ id: managerIds[i], locale: person.locale })),
  );
  return `${DEMO_MANAGERS.length + 1} staff, ${ids.length} customers, ${orders.length} orders, ${history}, ${due} calls and cards due, ${replies} replies to answer`;
}
