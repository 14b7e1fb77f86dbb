import { basicAuthPasswordMatches } from './basic-auth';

const SECRET = 'inbound-parse-secret-0123456789';
const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;

describe('basicAuthPasswordMatches', () => {
  it('accepts the secret as the password, whatever the user name', () => {
    expect(basicAuthPasswordMatches(basic(`inbound:${SECRET}`), SECRET)).toBe(true);
    expect(basicAuthPasswordMatches(basic(`:${SECRET}`), SECRET)).toBe(true);
  });

  it.each([
    { name: 'no header', header: undefined },
    { name: 'a bearer token', header: `Bearer ${SECRET}` },
    { name: 'a wrong password', header: basic('inbound:wrong') },
    { name: 'the secret with one more character', header: basic(`inbound:${SECRET}x`) },
    { name: 'the secret as the user name', header: basic(`${SECRET}:`) },
    { name: 'no colon', header: basic(SECRET) },
    { name: 'not base64', header: 'Basic %%%' },
  ])('refuses $name', ({ header }) => {
    expect(basicAuthPasswordMatches(header, SECRET)).toBe(false);
  });
});
