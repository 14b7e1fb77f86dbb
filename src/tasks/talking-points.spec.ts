import { buildTemplateContext } from '../templates/context';
import { pageText } from '../web/i18n/page-text';
import { talkingPointLines } from '../web/page-models';
import { buildTalkingPoints, nextBirthday, TalkingPointsInput } from './talking-points';

const base: TalkingPointsInput = {
  kind: 'call',
  now: new Date('2026-06-15T12:00:00Z'),
  currency: 'USD',
  customer: {
    timeZone: 'UTC',
    locale: 'en',
    phone: '+14155550123',
    phoneInvalid: false,
    birthYear: 1986,
    birthMonth: 6,
    birthDay: 20,
    lifetimeValue: '1234.5000',
    orderCount: 4,
    lastOrderAt: new Date('2026-05-16T10:00:00Z'),
    address: { line1: '1 Main St', city: 'Boston', country: 'US' },
  },
  orders: [1, 2, 3, 4].map((n) => ({
    externalId: `o${n}`,
    placedAt: new Date(`2026-05-1${n}T10:00:00Z`),
    total: '10.00',
    currency: 'USD',
    status: 'placed',
  })),
  history: [{ at: new Date('2026-03-01T10:00:00Z'), kind: 'call', outcome: 'reached', note: 'Likes the blue range', by: 'Emma' }],
  script: { text: 'Say hello' },
};

describe('buildTalkingPoints', () => {
  it('computes value, recency, the last three orders, the birthday and the history for a call', () => {
    const points = buildTalkingPoints(base);
    expect(points).toMatchObject({
      script: 'Say hello',
      lifetimeValue: '1234.5000',
      orderCount: 4,
      daysSinceLastOrder: 30,
      upcomingBirthday: { date: '2026-06-20', inDays: 5, turning: 40 },
      phone: '+14155550123',
      mailingAddress: null,
    });
    expect(points.lastOrders.map((order) => order.externalId)).toEqual(['o1', 'o2', 'o3']);
    expect(points.history[0]).toEqual({
      at: '2026-03-01T10:00:00.000Z',
      kind: 'call',
      outcome: 'reached',
      note: 'Likes the blue range',
      by: 'Emma',
    });
  });

  it('gives a card the mailing address and no phone; a wrong number is not offered', () => {
    expect(buildTalkingPoints({ ...base, kind: 'card' })).toMatchObject({ phone: null, mailingAddress: { city: 'Boston' } });
    expect(buildTalkingPoints({ ...base, customer: { ...base.customer, phoneInvalid: true } }).phone).toBeNull();
  });

  it("leaves out a birthday more than 30 days away and counts days in the customer's zone", () => {
    const far = buildTalkingPoints({ ...base, customer: { ...base.customer, birthMonth: 9, birthDay: 1 } });
    expect(far.upcomingBirthday).toBeNull();
    // 23:30 UTC on the 15th is already the 16th in Asia/Bangkok.
    const late = buildTalkingPoints({
      ...base,
      now: new Date('2026-06-15T23:30:00Z'),
      customer: { ...base.customer, timeZone: 'Asia/Bangkok' },
    });
    expect(late.upcomingBirthday?.inDays).toBe(4);
  });

  it.each([
    [2, 29, '2027-02-01', '2027-02-28'],
    [2, 29, '2028-02-01', '2028-02-29'],
    [1, 5, '2026-12-30', '2027-01-05'],
    [6, 15, '2026-06-15', '2026-06-15'],
  ])('next birthday of %p/%p from %p is %p', (month, day, today, expected) => {
    expect(nextBirthday(month, day, today)).toBe(expected);
  });
});

describe('one number for one fact on a card', () => {
  // A lapse call planned for day 90 after the last order, on the list only on day 107 (a catch-up,
  // a full list moving it on): the script and the bullets must both say 107.
  const lastOrderAt = new Date('2026-03-01T22:30:00Z'); // already Mar 2 in Singapore
  const now = new Date('2026-06-16T03:00:00Z'); // Jun 16 in Singapore
  const customer = { ...base.customer, timeZone: 'Asia/Singapore', locale: 'en-GB', lastOrderAt };

  it('counts days since the last order once, in the customer zone, for the script and the card', () => {
    const context = buildTemplateContext({
      customer: {
        first_name: 'Mei',
        last_name: 'Tan',
        email: null,
        phone: null,
        birth_year: null,
        birth_month: null,
        birth_day: null,
        customer_since: null,
        time_zone: 'Asia/Singapore',
        locale: 'en-GB',
        tier: 'gold',
        tags: [],
        lifetime_value: '9000',
        order_count: 12,
        last_order_at: lastOrderAt,
        address: null,
      },
      manager: null,
      order: null,
      company: { name: 'Harbor Goods', currency: 'USD' },
      touchDate: '2026-05-31',
      now,
    });
    const points = buildTalkingPoints({ ...base, now, customer });
    expect(points.daysSinceLastOrder).toBe(106);
    expect(context.customer.daysSinceLastOrder).toBe(points.daysSinceLastOrder);
  });

  it("formats every date on the card one way, in the reader's language", () => {
    const points = buildTalkingPoints({ ...base, now, customer });
    const lines = talkingPointLines(points, pageText('en'), 'Asia/Singapore');
    const dated = lines.filter((line) => /\d{4}/.test(line));
    expect(dated.length).toBeGreaterThanOrEqual(3);
    for (const line of dated) {
      expect(line).toMatch(/\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept|Oct|Nov|Dec) \d{4}/);
      expect(line).not.toMatch(/\d{4}-\d{2}-\d{2}|\d{2}:\d{2}/);
    }
    const vietnamese = talkingPointLines(points, pageText('vi'), 'Asia/Singapore').filter((line) => /\d{4}/.test(line));
    expect(vietnamese.length).toBe(dated.length);
    for (const line of vietnamese) expect(line).toMatch(/\d{1,2} thg \d{1,2}, \d{4}/);
  });
});
