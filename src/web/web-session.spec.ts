import { clearedSessionCookie, readCookie, safeReturnPath, sameOrigin, sessionCookie, sessionLimits, sessionState } from './web-session';

describe('web session', () => {
  it('sets an HttpOnly, SameSite=Strict cookie limited to /app', () => {
    const cookie = sessionCookie('abc', 3600, false);
    expect(cookie).toContain('tp_session=abc');
    expect(cookie).toContain('Max-Age=3600');
    expect(cookie).toContain('Path=/app');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).not.toContain('Secure');
    expect(sessionCookie('abc', 3600, true)).toContain('Secure');
    expect(clearedSessionCookie(false)).toContain('Max-Age=0');
  });

  describe('sessionState', () => {
    const { idleMs, maxMs } = sessionLimits(120, 12);
    const signedIn = new Date('2026-06-15T08:00:00Z');
    const at = (minutes: number) => new Date(signedIn.getTime() + minutes * 60_000);
    const session = (lastSeenMinutes: number, revoked = false) => ({
      createdAt: signedIn,
      lastSeenAt: at(lastSeenMinutes),
      expiresAt: new Date(signedIn.getTime() + maxMs),
      revokedAt: revoked ? at(1) : null,
    });
    it.each([
      ['just signed in', session(0), at(0), 'live'],
      ['used an hour ago', session(60), at(119), 'live'],
      ['unused for the idle limit', session(0), at(120), 'idle'],
      ['in use, past the absolute limit', session(719), at(720), 'expired'],
      ['signed out', session(0, true), at(2), 'signed-out'],
    ])('%s', (_name, value, now, expected) => {
      expect(sessionState(value, now, idleMs)).toBe(expected);
    });
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
