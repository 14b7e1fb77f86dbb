/**
 * The web page's session: a random session id (web-sessions.service.ts keeps the session on the
 * server) in a cookie that only the /app pages read (Path=/app, HttpOnly so scripts cannot read
 * it, SameSite=Strict so other sites' pages never send it, Secure when the request came over
 * TLS, directly or through a proxy TRUST_PROXY trusts). The personal token never goes into the
 * cookie; the REST API ignores the cookie and keeps bearer tokens.
 *
 * CSRF: SameSite=Strict already keeps the cookie off cross-site requests; every POST must also
 * carry an Origin (or, failing that, Referer) of this very host, so a browser that ignores
 * SameSite is covered too. No per-session token is needed, and pages stay plain forms.
 */
export const SESSION_COOKIE = 'tp_session';
export const SESSION_PATH = '/app';

export interface SessionTimes {
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

export function sessionLimits(idleMinutes: number, maxHours: number): { idleMs: number; maxMs: number } {
  return { idleMs: idleMinutes * 60_000, maxMs: maxHours * 3_600_000 };
}

/** Whether a session still signs its owner in at `now`. */
export function sessionState(session: SessionTimes, now: Date, idleMs: number): 'live' | 'signed-out' | 'expired' | 'idle' {
  if (session.revokedAt) return 'signed-out';
  if (now.getTime() >= session.expiresAt.getTime()) return 'expired';
  if (now.getTime() - session.lastSeenAt.getTime() >= idleMs) return 'idle';
  return 'live';
}

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() !== name) continue;
    const value = part.slice(index + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return null;
    }
  }
  return null;
}

export function sessionCookie(sessionId: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${encodeURIComponent(sessionId)}`,
    `Path=${SESSION_PATH}`,
    `Max-Age=${maxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return [`${SESSION_COOKIE}=`, `Path=${SESSION_PATH}`, 'Max-Age=0', 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])].join(
    '; ',
  );
}

/** True when a form POST comes from a page of this host (Origin, else Referer); missing both is refused. */
export function sameOrigin(headers: { origin?: string; referer?: string; host?: string }): boolean {
  const source = headers.origin && headers.origin !== 'null' ? headers.origin : headers.referer;
  if (!source || !headers.host) return false;
  try {
    return new URL(source).host === headers.host;
  } catch {
    return false;
  }
}

/** Where to go back to after an action: only our own pages, never an open redirect. */
export function safeReturnPath(value: unknown): string {
  return typeof value === 'string' && /^\/app(\/[A-Za-z0-9._~\-/%]*)?(\?[A-Za-z0-9._~\-=&%]*)?$/.test(value) && !value.includes('//')
    ? value
    : '/app';
}
