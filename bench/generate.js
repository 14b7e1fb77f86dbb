'use strict';
/**
 * Deterministic synthetic CRM data for the import benchmark: N customers and 5·N orders as CSV,
 * the same bytes on every machine for the same N (seeded mulberry32). Files are written once
 * into bench/data/ and reused.
 */
const { createWriteStream, existsSync, mkdirSync, renameSync } = require('node:fs');
const { once } = require('node:events');
const { join } = require('node:path');
// The same seeded generator as the demo data (the bench runs after the build).
const { seededRandom } = require('../dist/demo/random');

const DATA_DIR = join(__dirname, 'data');
const FORMAT = 'v1';
// Orders span the two years before this instant; fixed so the data does not change with the day.
const END = Date.UTC(2026, 10, 1);
const SPAN_MS = 730 * 86_400_000;

/** The bench's account managers; the bench creates them as staff before importing. */
const MANAGERS = [
  { email: 'emma@bench.touchpoint.test', name: 'Emma Clarke', zone: 'America/New_York' },
  { email: 'linh@bench.touchpoint.test', name: 'Linh Nguyen', zone: 'Asia/Ho_Chi_Minh' },
  { email: 'dmitri@bench.touchpoint.test', name: 'Dmitri Volkov', zone: 'Europe/Moscow' },
  { email: 'suda@bench.touchpoint.test', name: 'Suda Charoen', zone: 'Asia/Bangkok' },
];

const MARKETS = [
  {
    locale: 'en',
    country: 'US',
    zones: ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'],
    offset: '-05:00',
    phone: (r) => `+1${pick(r, ['212', '312', '415', '617', '206'])}555${String(100 + Math.floor(r() * 100)).padStart(4, '0')}`,
    first: ['Olivia', 'Liam', 'Ava', 'Noah', 'Sophia', 'James', 'Mia', 'Lucas', 'Grace', 'Henry'],
    last: ['Smith', 'Johnson', 'Brown', 'Garcia', 'Miller', 'Davis', "O'Brien", 'Moore'],
    cities: ['New York', 'Boston', 'Chicago', 'Denver', 'Seattle'],
    region: ['NY', 'MA', 'IL', 'CO', 'WA'],
  },
  {
    locale: 'vi',
    country: 'VN',
    zones: ['Asia/Ho_Chi_Minh'],
    offset: '+07:00',
    phone: (r) => `+849${pick(r, ['0', '1', '3', '4', '8'])}${digits(r, 7)}`,
    first: ['Anh', 'Bảo', 'Chi', 'Dũng', 'Hà', 'Hùng', 'Lan', 'Minh', 'Phương', 'Trang'],
    last: ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi'],
    cities: ['Hà Nội', 'Hồ Chí Minh', 'Đà Nẵng', 'Huế', 'Cần Thơ'],
    region: ['', '', '', '', ''],
  },
  {
    locale: 'ru',
    country: 'RU',
    zones: ['Europe/Moscow', 'Asia/Yekaterinburg', 'Asia/Novosibirsk'],
    offset: '+03:00',
    phone: (r) => `+79${pick(r, ['16', '26', '03', '85'])}${digits(r, 7)}`,
    first: ['Анна', 'Иван', 'Мария', 'Алексей', 'Ольга', 'Сергей', 'Елена', 'Павел', 'Татьяна', 'Никита'],
    last: ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Соколов', 'Лебедев', 'Козлов', 'Новиков'],
    cities: ['Москва', 'Санкт-Петербург', 'Казань', 'Новосибирск', 'Екатеринбург'],
    region: ['', '', '', '', ''],
  },
  {
    locale: 'th',
    country: 'TH',
    zones: ['Asia/Bangkok'],
    offset: '+07:00',
    phone: (r) => `+668${pick(r, ['1', '6', '9'])}${digits(r, 7)}`,
    first: ['สมชาย', 'สมหญิง', 'ประยุทธ', 'วิภา', 'อนันต์', 'มาลี', 'ชัยวัฒน์', 'นภา', 'ปรีชา', 'รัตนา'],
    last: ['ศรีสุข', 'ใจดี', 'รุ่งเรือง', 'สุขสันต์', 'วงศ์ใหญ่', 'ทองดี', 'แก้วมณี', 'บุญมา'],
    cities: ['กรุงเทพมหานคร', 'เชียงใหม่', 'ภูเก็ต', 'ขอนแก่น', 'พัทยา'],
    region: ['', '', '', '', ''],
  },
];

const TAGS = ['vip', 'wholesale', 'newsletter', 'returning', 'gift-buyer', 'b2b', 'loyalty'];
const TIERS = ['', '', 'bronze', 'silver', 'gold', 'platinum'];
const CONSENT = ['granted', 'granted', 'granted', 'withdrawn', ''];

function pick(r, items) {
  return items[Math.floor(r() * items.length)];
}
function digits(r, n) {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(r() * 10);
  return s;
}
function pad(n) {
  return n < 10 ? `0${n}` : String(n);
}
function csv(value) {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const CUSTOMER_HEADER =
  'external_id,first_name,last_name,email,phone,birthday,customer_since,time_zone,locale,account_manager_email,tags,tier,consent_email,consent_sms,consent_call,address_line1,address_line2,address_city,address_region,address_postal_code,address_country';
const ORDER_HEADER = 'external_id,customer_external_id,placed_at,placed_time_zone,total,currency,status';

function customerRow(r, i) {
  const m = MARKETS[i % MARKETS.length];
  const first = pick(r, m.first);
  const last = pick(r, m.last);
  const month = 1 + Math.floor(r() * 12);
  // One customer in fifty is born on Feb 29; some give no birth year.
  const leap = i % 50 === 7;
  const year = leap ? pick(r, [1980, 1984, 1988, 1992, 1996, 2000]) : 1950 + Math.floor(r() * 55);
  const birthday = r() < 0.1 ? '' : `${r() < 0.15 ? '-' : year}-${pad(leap ? 2 : month)}-${pad(leap ? 29 : 1 + Math.floor(r() * 28))}`;
  const since = `${2015 + Math.floor(r() * 11)}-${pad(1 + Math.floor(r() * 12))}-${pad(1 + Math.floor(r() * 28))}`;
  const tagCount = Math.floor(r() * 3);
  const tags = [];
  for (let t = 0; t < tagCount; t++) tags.push(pick(r, TAGS));
  const manager = r() < 0.85 ? MANAGERS[i % MANAGERS.length].email : '';
  const hasAddress = r() < 0.7;
  const city = Math.floor(r() * m.cities.length);
  return [
    `c-${i}`,
    first,
    last,
    r() < 0.9 ? `customer${i}@example.com` : '',
    r() < 0.8 ? m.phone(r) : '',
    birthday,
    since,
    pick(r, m.zones),
    m.locale,
    manager,
    tags.join(';'),
    pick(r, TIERS),
    pick(r, CONSENT),
    pick(r, CONSENT),
    pick(r, CONSENT),
    hasAddress ? `${1 + Math.floor(r() * 999)} Main Street` : '',
    hasAddress && r() < 0.2 ? 'Apt 4' : '',
    hasAddress ? m.cities[city] : '',
    hasAddress ? m.region[city] : '',
    hasAddress ? digits(r, 5) : '',
    hasAddress ? m.country : '',
  ]
    .map(csv)
    .join(',');
}

function orderRow(r, i, customers) {
  const c = Math.floor(r() * customers);
  const m = MARKETS[c % MARKETS.length];
  const at = new Date(END - Math.floor(r() * SPAN_MS));
  const local = at.toISOString().slice(0, 19);
  const cents = 500 + Math.floor(r() * r() * 100_000);
  const status = r() < 0.93 ? 'placed' : r() < 0.6 ? 'cancelled' : 'refunded';
  return `o-${i},c-${c},${local}${m.offset},${m.zones[0]},${Math.floor(cents / 100)}.${pad(cents % 100)},USD,${status}`;
}

async function writeFile(path, header, count, seed, row) {
  if (existsSync(path)) return false;
  mkdirSync(DATA_DIR, { recursive: true });
  const tmp = `${path}.partial`;
  const out = createWriteStream(tmp, { highWaterMark: 1 << 20 });
  const r = seededRandom(seed);
  let buffer = header + '\n';
  for (let i = 0; i < count; i++) {
    buffer += row(r, i) + '\n';
    if (buffer.length > 1 << 16) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  renameSync(tmp, path);
  return true;
}

/** Paths of the customers and orders files for N customers, generating what is missing. */
async function ensureData(customers, log = () => undefined) {
  const orders = customers * 5;
  const files = {
    customers: join(DATA_DIR, `customers-${FORMAT}-${customers}.csv`),
    orders: join(DATA_DIR, `orders-${FORMAT}-${orders}.csv`),
    customerCount: customers,
    orderCount: orders,
  };
  const started = Date.now();
  const a = await writeFile(files.customers, CUSTOMER_HEADER, customers, 1_000_003 + customers, customerRow);
  const b = await writeFile(files.orders, ORDER_HEADER, orders, 2_000_003 + customers, (r, i) => orderRow(r, i, customers));
  if (a || b) log(`generated ${customers} customers and ${orders} orders in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return files;
}

module.exports = { ensureData, MANAGERS, CUSTOMER_HEADER, ORDER_HEADER };

if (require.main === module) {
  const n = Number(process.argv[2] ?? 1_000_000);
  ensureData(n, (line) => process.stderr.write(line + '\n')).then((files) => process.stdout.write(JSON.stringify(files) + '\n'));
}
