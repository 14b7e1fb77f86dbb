import { TestApp } from '../app';

export const HOST = 'touchpoint.test';
export const ORIGIN = `http://${HOST}`;

/** A browser's side of the web page, over supertest: sign-in through the form, then the session cookie on every request. */
export function webClient(t: TestApp) {
  const post = (path: string, cookie?: string) => {
    const request = t.http().post(path).set('Host', HOST).set('Origin', ORIGIN).type('form');
    return cookie ? request.set('Cookie', cookie) : request;
  };
  return {
    post,
    get: (path: string, cookie: string) => t.http().get(path).set('Cookie', cookie),
    /** Signs in through the form; the cookie it sets, as a browser sends it back. */
    signIn: async (token: string): Promise<string> => {
      const res = await post('/app/sign-in').send({ token });
      if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`);
      return String(res.headers['set-cookie'][0]).split(';')[0];
    },
  };
}
