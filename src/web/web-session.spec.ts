import { clearedSessionCookie, readCookie, safeReturnPath, sameOrigin, sessionCookie } from './web-session';

describe('web session', () => {
  it('sets an HttpOnly, SameSite=Strict cookie limited to /app', () => {
    const cookie = sessionCookie('tp_abc', false);
    expect(cookie).toContain('tp_session=tp_abc');
    expect(cookie).toContain('Path=/app');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).not.toContain('Secure');
    expect(sessionCookie('tp_abc', true)).toContain('Secure');
    expect(clearedSessionCookie(false)).toContain('Max-Age=0');
  });

  it('reads one cookie among several', () => {
    expect(readCookie('a=1; tp_session=tp_x%2By; b=2', 'tp_session')).toBe('tp_x+y');
    expect(readCookie('a=1', 'tp_session')).toBeNull();
    expect(readCookie(undefined, 'tp_session')).toBeNull();
    expect(readCookie('tp_session=%E0%A4%A', 'tp_session')).toBeNull();
  });

  it.each([
    [{ origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' }, true],
    [{ origin: 'http://evil.example', host: '127.0.0.1:3000' }, false],
    [{ referer: 'http://127.0.0.1:3000/app', host: '127.0.0.1:3000' }, true],
    [{ origin: 'null', referer: 'http://evil.example/x', host: '127.0.0.1:3000' }, false],
    [{ host: '127.0.0.1:3000' }, false],
    [{ origin: 'not a url', host: '127.0.0.1:3000' }, false],
  ])('same origin %p → %p', (headers, expected) => {
    expect(sameOrigin(headers)).toBe(expected);
  });

  it.each([
    ['/app', '/app'],
    ['/app/pool', '/app/pool'],
    ['/app/customers/c-1?cursor=abc', '/app/customers/c-1?cursor=abc'],
    ['https://evil.example', '/app'],
    ['//evil.example/app', '/app'],
    ['/app//evil.example', '/app'],
    ['/docs', '/app'],
    [undefined, '/app'],
  ])('return path %p → %p', (value, expected) => {
    expect(safeReturnPath(value)).toBe(expected);
  });
});
