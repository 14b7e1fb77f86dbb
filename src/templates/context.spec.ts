import { ageOn, buildTemplateContext, ContextInput, fullName, normalizeDecimal, sampleContext, turningOn } from './context';
import { TEMPLATE_VARIABLES, VariableSpec } from './variables';

const base: ContextInput = {
  customer: {
    first_name: 'Lan',
    last_name: 'Nguyễn',
    email: 'lan@example.com',
    phone: '+84901234567',
    birth_year: 1990,
    birth_month: 6,
    birth_day: 20,
    customer_since: '2021-09-01',
    time_zone: 'Asia/Ho_Chi_Minh',
    locale: 'vi-VN',
    tier: 'gold',
    tags: ['vip'],
    lifetime_value: '3480.5000',
    order_count: 14,
    // 20:00 UTC on 1 June is 2 June in Ho Chi Minh City.
    last_order_at: new Date('2026-06-01T20:00:00Z'),
    address: { line1: '25 Phố Huế', city: 'Hà Nội', country: 'VN' },
  },
  manager: { name: 'Linh Nguyen', email: 'linh@example.com', phone: null, email_signature: null },
  order: { external_id: 'A-1', total: '249.0000', currency: 'USD', placed_at: new Date('2026-06-10T03:00:00Z') },
  company: { name: 'Shop', currency: 'USD' },
  touchDate: '2026-06-15',
};

describe('buildTemplateContext', () => {
  it('shapes customer, manager, order, company and touch', () => {
    const context = buildTemplateContext(base);
    expect(context.customer).toMatchObject({
      fullName: 'Nguyễn Lan',
      birthday: { month: 6, day: 20, year: 1990, turning: 36 },
      age: 35,
      lifetimeValue: '3480.50',
      lastOrderAt: '2026-06-01T20:00:00.000Z',
      daysSinceLastOrder: 13,
      address: { line1: '25 Phố Huế', line2: null, city: 'Hà Nội', region: null, postalCode: null, country: 'VN' },
    });
    expect(context.manager).toEqual({
      name: 'Linh Nguyen',
      firstName: 'Linh',
      email: 'linh@example.com',
      phone: null,
      signature: 'Linh Nguyen',
    });
    expect(context.order).toEqual({ externalId: 'A-1', total: '249.00', currency: 'USD', placedAt: '2026-06-10T03:00:00.000Z' });
    expect(context.touch).toEqual({ date: '2026-06-15', feedbackUrl: null });
    expect(buildTemplateContext({ ...base, feedbackUrl: 'https://tp.example.com/f/x' }).touch.feedbackUrl).toBe('https://tp.example.com/f/x');
  });

  it('uses null for what is unknown and the company when there is no manager', () => {
    const context = buildTemplateContext({
      ...base,
      customer: { ...base.customer, birth_year: null, birth_month: null, birth_day: null, last_order_at: null, address: null },
      manager: null,
      order: null,
    });
    expect(context.customer).toMatchObject({ birthday: null, age: null, lastOrderAt: null, daysSinceLastOrder: null, address: null });
    expect(context.order).toBeNull();
    expect(context.manager).toEqual({ name: 'Shop', firstName: 'Shop', email: null, phone: null, signature: 'Shop' });
  });

  it('is plain data (no class instances for Handlebars to refuse)', () => {
    const context = buildTemplateContext(base);
    expect(JSON.parse(JSON.stringify(context))).toEqual(context);
  });

  it.each([
    ['en', 'Olivia Smith'],
    ['vi-VN', 'Smith Olivia'],
    ['ja', 'Smith Olivia'],
    ['ru', 'Olivia Smith'],
  ])('orders full names for %s', (locale, expected) => {
    expect(fullName('Olivia', 'Smith', locale)).toBe(expected);
    expect(fullName('Olivia', '', locale)).toBe('Olivia');
  });

  it.each([
    // year, month, day, today, age, turning
    [1990, 6, 20, '2026-06-15', 35, 36],
    [1990, 6, 15, '2026-06-15', 36, 36],
    [1990, 6, 14, '2026-06-15', 36, 37],
    // 29 February counts as 28 February in other years.
    [2000, 2, 29, '2025-02-28', 25, 25],
    [2000, 2, 29, '2025-02-27', 24, 25],
    [2000, 2, 29, '2024-02-28', 23, 24],
    [2000, 2, 29, '2024-02-29', 24, 24],
  ])('born %i-%i-%i on %s: age %i, turning %i', (year, month, day, today, age, turning) => {
    expect(ageOn(year, month, day, today)).toBe(age);
    expect(turningOn(year, month, day, today)).toBe(turning);
  });

  it('normalizes decimals from the database', () => {
    expect(normalizeDecimal('249.0000')).toBe('249.00');
    expect(normalizeDecimal('12.3450')).toBe('12.345');
    expect(normalizeDecimal('7')).toBe('7.00');
  });
});

/** Every documented path exists in a context, and nothing undocumented is there. */
function assertConforms(value: unknown, spec: VariableSpec, path: string): void {
  if (value === null) {
    expect({ path, nullable: spec.nullable ?? false }).toEqual({ path, nullable: true });
    return;
  }
  if (spec.type === 'object') {
    expect(Object.keys(value as object).sort()).toEqual(Object.keys(spec.fields ?? {}).sort());
    for (const [key, field] of Object.entries(spec.fields ?? {}))
      assertConforms((value as Record<string, unknown>)[key], field, `${path}.${key}`);
  } else if (spec.type === 'array') {
    expect(Array.isArray(value)).toBe(true);
  } else {
    const jsType = spec.type === 'number' ? 'number' : spec.type === 'boolean' ? 'boolean' : 'string';
    expect({ path, type: typeof value }).toEqual({ path, type: jsType });
  }
}

describe('documented variables', () => {
  const root: VariableSpec = { type: 'object', description: 'root', fields: TEMPLATE_VARIABLES };

  it('match a built context and every sample context', () => {
    assertConforms(buildTemplateContext(base), root, '');
    for (const locale of ['en', 'vi', 'ru', 'th', 'de']) {
      assertConforms(
        sampleContext({ locale, now: new Date('2026-06-15T12:00:00Z'), company: { name: 'Shop', currency: 'USD' } }),
        root,
        '',
      );
    }
  });

  it('match a context with every nullable value null', () => {
    const bare = buildTemplateContext({
      ...base,
      customer: {
        ...base.customer,
        email: null,
        phone: null,
        tier: null,
        birth_year: null,
        birth_month: null,
        birth_day: null,
        last_order_at: null,
        customer_since: null,
        address: null,
      },
      manager: null,
      order: null,
    });
    assertConforms(bare, root, '');
  });

  it('samples speak the language asked for', () => {
    const now = new Date('2026-06-15T12:00:00Z');
    const company = { name: 'Shop', currency: 'USD' };
    expect(sampleContext({ locale: 'th', now, company }).customer).toMatchObject({
      firstName: 'สมหญิง',
      timeZone: 'Asia/Bangkok',
      locale: 'th',
    });
    expect(sampleContext({ locale: 'vi-VN', now, company }).customer).toMatchObject({ fullName: 'Nguyễn Lan', locale: 'vi-VN' });
    expect(sampleContext({ locale: 'fr', now, company }).customer).toMatchObject({ firstName: 'Olivia', locale: 'fr' });
  });
});
