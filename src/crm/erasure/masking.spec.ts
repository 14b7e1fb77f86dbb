import { ERASED, maskJson, maskText, personalValues } from './masking';

const ada = {
  first_name: 'Ada',
  last_name: 'Lovelace',
  email: 'ada.lovelace@example.com',
  phone: '+442071838750',
  address: { line1: '12 St James Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' },
};

describe('personalValues', () => {
  it('lists names, full names both ways, email, phone with and without +, and address lines, longest first', () => {
    const values = personalValues(ada);
    expect(values).toEqual(
      expect.arrayContaining([
        'Ada',
        'Lovelace',
        'Ada Lovelace',
        'Lovelace Ada',
        'ada.lovelace@example.com',
        '+442071838750',
        '442071838750',
        '12 St James Square',
        'London',
        'SW1Y 4JH',
      ]),
    );
    expect(values).not.toContain('GB');
    expect(values[0]).toBe('ada.lovelace@example.com');
    expect([...values].sort((a, b) => b.length - a.length)).toEqual(values);
  });

  it('leaves out initials and missing values', () => {
    expect(personalValues({ first_name: 'J', last_name: '', email: null, phone: null, address: null })).toEqual([]);
  });
});

describe('maskText', () => {
  it('masks every value in any case, the longest match first', () => {
    expect(maskText('Dear ADA LOVELACE, we wrote to ada.lovelace@example.com and called 442071838750.', personalValues(ada))).toBe(
      `Dear ${ERASED}, we wrote to ${ERASED} and called ${ERASED}.`,
    );
  });

  it('treats values as text, not patterns', () => {
    expect(maskText('a+b (c)', ['+b', '(c)'])).toBe(`a${ERASED} ${ERASED}`);
  });
});

describe('maskJson', () => {
  it('blanks free text whole, masks values elsewhere and keeps the structure', () => {
    const values = personalValues(ada);
    expect(
      maskJson(
        {
          channel: 'sms',
          body: 'call me, nothing of mine is in this list',
          messageSid: 'SM123',
          history: [{ note: 'likes tea', outcome: 'reached', by: 'Emma' }],
          reason: 'bounce: ada.lovelace@example.com unknown',
          count: 3,
          mailingAddress: { line1: '12 St James Square' },
          phone: null,
        },
        values,
      ),
    ).toEqual({
      channel: 'sms',
      body: ERASED,
      messageSid: 'SM123',
      history: [{ note: ERASED, outcome: 'reached', by: 'Emma' }],
      reason: `bounce: ${ERASED} unknown`,
      count: 3,
      mailingAddress: { line1: ERASED },
      phone: null,
    });
  });
});
