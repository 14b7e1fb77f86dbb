import { unreadableBody } from './json-body';

describe('unreadableBody', () => {
  it.each([
    ['/customers/bulk', { 'content-type': 'application/json', 'content-length': '20' }, null],
    ['/customers/bulk', { 'content-type': 'application/json; charset=utf-8', 'content-length': '20' }, null],
    ['/rules', { 'content-type': 'application/merge-patch+json', 'content-length': '20' }, null],
    ['/rules/1/enable', {}, null],
    ['/rules/1/enable', { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '0' }, null],
    ['/app/tasks/1/note', { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '9' }, null],
    ['/u/abc', { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '25' }, null],
    ['/f/abc', { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '7' }, null],
    ['/webhooks/twilio/inbound', { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '30' }, null],
    [
      '/customers/bulk',
      { 'content-type': 'text/plain;charset=UTF-8', 'content-length': '20' },
      'is text/plain; send the body as application/json',
    ],
    [
      '/staff',
      { 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' },
      'is application/x-www-form-urlencoded; send the body as application/json',
    ],
    ['/staff', { 'content-length': '20' }, 'is missing; send the body as application/json'],
    ['/application', { 'content-type': 'text/plain', 'content-length': '2' }, 'is text/plain; send the body as application/json'],
  ])('%s %p → %p', (path, headers, expected) => {
    expect(unreadableBody(path, headers)).toBe(expected);
  });
});
