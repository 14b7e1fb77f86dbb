import { advancesFrom, sendgridEventOutcome, sendgridMessageId, twilioStatusOutcome } from './provider-events';

describe('twilioStatusOutcome', () => {
  it.each([
    ['queued', undefined, { kind: 'queued' }],
    ['sent', undefined, { kind: 'sent', state: 'sent' }],
    ['delivered', undefined, { kind: 'delivered', state: 'delivered' }],
    ['undelivered', '30003', { kind: 'failed', state: 'failed', reason: 'provider:30003' }],
    ['failed', '30008', { kind: 'failed', state: 'failed', reason: 'provider:30008' }],
    ['failed', undefined, { kind: 'failed', state: 'failed', reason: 'provider:failed' }],
    ['failed', '21610', { kind: 'failed', state: 'failed', reason: 'provider:21610', suppress: 'stop' }],
    ['read', undefined, null],
    [undefined, undefined, null],
  ])('%s (%s)', (status, code, outcome) => {
    expect(twilioStatusOutcome(status, code)).toEqual(outcome);
  });
});

describe('sendgridEventOutcome', () => {
  it.each([
    [{ event: 'delivered' }, { kind: 'delivered', state: 'delivered' }],
    [
      { event: 'bounce', type: 'bounce' },
      { kind: 'bounced', state: 'failed', reason: 'hard_bounce', suppress: 'hard_bounce' },
    ],
    [{ event: 'bounce' }, { kind: 'bounced', state: 'failed', reason: 'hard_bounce', suppress: 'hard_bounce' }],
    [
      { event: 'bounce', type: 'blocked' },
      { kind: 'bounced', state: 'failed', reason: 'blocked' },
    ],
    [{ event: 'dropped' }, { kind: 'dropped', state: 'failed', reason: 'dropped', suppress: 'dropped' }],
    [{ event: 'spamreport' }, { kind: 'spam_report', suppress: 'spam_report' }],
    [{ event: 'unsubscribe' }, { kind: 'unsubscribed', suppress: 'unsubscribe' }],
    [{ event: 'group_unsubscribe' }, { kind: 'unsubscribed', suppress: 'unsubscribe' }],
    [{ event: 'open' }, { kind: 'opened' }],
    [{ event: 'click' }, { kind: 'clicked' }],
    [{ event: 'processed' }, null],
    [{ event: 'deferred' }, null],
  ])('%j', (event, outcome) => {
    expect(sendgridEventOutcome(event)).toEqual(outcome);
  });

  it('reads the stored message id out of sg_message_id', () => {
    expect(sendgridMessageId('14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0')).toBe('14c5d75ce93');
    expect(sendgridMessageId(undefined)).toBeNull();
    expect(sendgridMessageId('')).toBeNull();
  });
});

describe('advancesFrom', () => {
  it('never moves a touch backwards or out of a terminal state', () => {
    expect(advancesFrom('sent')).not.toContain('delivered');
    expect(advancesFrom('delivered')).not.toContain('failed');
    for (const state of ['sent', 'delivered', 'failed'] as const) {
      expect(advancesFrom(state)).not.toContain('cancelled');
      expect(advancesFrom(state)).not.toContain('skipped');
    }
  });
});

describe('an unknown outcome', () => {
  it('is settled by whatever the provider says happened', () => {
    for (const state of ['sent', 'delivered', 'failed'] as const) expect(advancesFrom(state)).toContain('unknown');
  });
});
