import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/options';
import { rows } from '../../src/database/sql';
import * as ledger from '../../src/touches/ledger';
import { createCustomer, createRule, createStaff, createTouch, TouchOverrides } from '../factories';
import { testDatabaseUrl } from '../app';

/**
 * The ledger's transitions against the real schema: each writes the state, the reason and its
 * event together, and a transition from the wrong state writes neither. The touches are
 * scheduled years before anything other files plan, and removed afterwards, so that no
 * promoter elsewhere ever sees them.
 */
describe('touch ledger transitions', () => {
  let db: DataSource;
  let customerId: string;
  let ruleId: string;
  const NOW = new Date('2015-06-01T12:00:00Z');

  const touch = async (overrides: Partial<TouchOverrides> = {}) =>
    (await createTouch(db, customerId, ruleId, { scheduledAt: '2015-06-01T09:00:00Z', localDate: '2015-06-01', ...overrides })).id;
  const stateOf = async (id: string) =>
    (
      await rows<{ state: string; reason: string | null; attempts: number; provider_message_id: string | null }>(
        db,
        'SELECT state, reason, attempts, provider_message_id FROM touches WHERE id = $1',
        [id],
      )
    )[0];
  const eventsOf = async (id: string) =>
    rows<{ kind: string; detail: Record<string, unknown>; actor_staff_id: string | null }>(
      db,
      'SELECT kind, detail, actor_staff_id FROM touch_events WHERE touch_id = $1 ORDER BY id',
      [id],
    );

  beforeAll(async () => {
    db = new DataSource({ ...dataSourceOptions(testDatabaseUrl(), 3), logging: false });
    await db.initialize();
    customerId = (await createCustomer(db)).id;
    ruleId = (await createRule(db)).id;
  });
  afterAll(async () => {
    await db.query('DELETE FROM touch_events WHERE customer_id = $1', [customerId]);
    await db.query('DELETE FROM touches WHERE customer_id = $1', [customerId]);
    await db.destroy();
  });

  it('queues due email and SMS touches only, oldest first, without an event', async () => {
    const due = await touch({ scheduledAt: '2015-06-01T08:00:00Z' });
    const dueSms = await touch({ channel: 'sms', scheduledAt: '2015-06-01T07:00:00Z' });
    const later = await touch({ scheduledAt: '2015-06-02T08:00:00Z' });
    const card = await touch({ channel: 'card' });
    const queued = await ledger.markQueued(db, NOW, 100);
    expect(queued.map((q) => q.id)).toEqual([dueSms, due]);
    expect((await stateOf(due)).state).toBe('queued');
    expect((await stateOf(later)).state).toBe('planned');
    expect((await stateOf(card)).state).toBe('planned');
    expect(await eventsOf(due)).toEqual([]);
    for (const id of [due, dueSms, later, card]) await ledger.cancel(db, id, 'cancelled_by_admin', NOW);
  });

  it('claims a queued touch for sending once, reading in the same statement; a sending touch is never claimed again', async () => {
    const id = await touch({ state: 'queued' });
    const claim = { touchId: id, attempt: 0 };
    const read = 'SELECT c.id::text AS id, c.attempts FROM claimed c';
    const lease = new Date(NOW.getTime() + 30_000);
    expect(await ledger.markSending(db, [claim], NOW, lease, read)).toEqual([{ id, attempts: 1 }]);
    expect(await ledger.markSending(db, [claim], NOW, lease, read)).toEqual([]);
    expect(await stateOf(id)).toMatchObject({ state: 'sending', attempts: 1 });
    // Not even once its lease ran out: the recovery sweep decides what happens to it.
    expect(await ledger.markSending(db, [claim], new Date(NOW.getTime() + 60_000), lease, read)).toEqual([]);
    await db.query(`UPDATE touches SET state = 'failed', reason = 'test' WHERE id = $1`, [id]);
  });

  describe('leases and unknown outcomes', () => {
    const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
    const read = 'SELECT c.id::text AS id, c.attempts FROM claimed c';
    const claimed = async (leaseSeconds: number) => {
      const id = await touch({ state: 'queued' });
      await ledger.markSending(db, [{ touchId: id, attempt: 0 }], NOW, at(leaseSeconds), read);
      return id;
    };
    const leaseOf = async (id: string) =>
      (
        await rows<{ lease_expires_at: Date | null; send_started_at: Date | null }>(
          db,
          'SELECT lease_expires_at, send_started_at FROM touches WHERE id = $1',
          [id],
        )
      )[0];

    it('a send starts only under a live claim, once', async () => {
      const id = await claimed(30);
      expect(await ledger.markSendStarted(db, [{ id, attempt: 2 }], at(1))).toEqual(new Set());
      expect(await ledger.markSendStarted(db, [{ id, attempt: 1 }], at(31))).toEqual(new Set());
      expect(await ledger.markSendStarted(db, [{ id, attempt: 1 }], at(1))).toEqual(new Set([id]));
      expect(await ledger.markSendStarted(db, [{ id, attempt: 1 }], at(2))).toEqual(new Set());
      expect((await leaseOf(id)).send_started_at).toEqual(at(1));
      await ledger.markSent(db, [{ id, messageId: 'm-lease', detail: '{}' }], at(2));
    });

    it('a heartbeat extends the lease of the claims its worker still holds, only forward', async () => {
      const id = await claimed(30);
      await ledger.extendLeases(db, [{ id, attempt: 1 }], at(60));
      expect((await leaseOf(id)).lease_expires_at).toEqual(at(60));
      await ledger.extendLeases(db, [{ id, attempt: 1 }], at(40));
      expect((await leaseOf(id)).lease_expires_at).toEqual(at(60));
      await ledger.extendLeases(db, [{ id, attempt: 2 }], at(90));
      expect((await leaseOf(id)).lease_expires_at).toEqual(at(60));
      await ledger.markSendStarted(db, [{ id, attempt: 1 }], at(1));
      await ledger.extendLeases(db, [{ id, attempt: 1 }], at(90));
      expect((await leaseOf(id)).lease_expires_at).toEqual(at(90));
      await ledger.markSent(db, [{ id, messageId: 'm-heartbeat', detail: '{}' }], at(2));
      await ledger.extendLeases(db, [{ id, attempt: 1 }], at(120));
      expect((await leaseOf(id)).lease_expires_at).toBeNull();
    });

    it('recovery: an expired claim never handed over is queued again, a handed-over one becomes unknown, then failed after the grace period', async () => {
      const unstarted = await claimed(5);
      const started = await claimed(5);
      const alive = await claimed(600);
      await ledger.markSendStarted(db, [{ id: started, attempt: 1 }], at(1));
      const early = await ledger.recoverExpiredClaims(db, at(4), at(-3600), 100);
      expect(early.requeued.map((r) => r.id)).not.toContain(unstarted);

      const pass = await ledger.recoverExpiredClaims(db, at(10), at(-3600), 100);
      expect(pass.requeued).toContainEqual({ id: unstarted, channel: 'email', attempts: 0 });
      expect(await stateOf(unstarted)).toMatchObject({ state: 'queued', attempts: 0 });
      expect(await stateOf(started)).toMatchObject({ state: 'unknown', reason: 'outcome_unknown', attempts: 1 });
      expect(await eventsOf(started)).toEqual([
        expect.objectContaining({ kind: 'outcome_unknown', detail: expect.objectContaining({ attempt: 1 }) }),
      ]);
      expect((await stateOf(alive)).state).toBe('sending');

      // Within the grace period it waits for the provider; after it, an admin is asked to re-drive.
      await ledger.recoverExpiredClaims(db, at(20), at(0), 100);
      expect((await stateOf(started)).state).toBe('unknown');
      await ledger.recoverExpiredClaims(db, at(4000), at(3000), 100);
      expect(await stateOf(started)).toMatchObject({ state: 'failed', reason: 'outcome_unknown' });
      expect(await ledger.redrive(db, 't.id = $3', at(4001), null, [started])).toEqual([started]);
      for (const id of [unstarted, alive, started]) {
        await db.query(`UPDATE touches SET state = 'cancelled', reason = 'test' WHERE id = $1`, [id]);
      }
    });

    it('the provider settles an unknown outcome, and a late write of our own does too', async () => {
      const byProvider = await claimed(5);
      const byUs = await claimed(5);
      await ledger.markSendStarted(
        db,
        [
          { id: byProvider, attempt: 1 },
          { id: byUs, attempt: 1 },
        ],
        at(1),
      );
      await ledger.recoverExpiredClaims(db, at(10), at(-3600), 100);
      const move: ledger.ProviderMove = {
        state: 'delivered',
        reason: null,
        from: ['sending', 'unknown', 'sent'],
        providerMessageId: 'm-unknown',
      };
      const event = {
        customerId,
        touchId: byProvider,
        kind: 'delivered',
        at: at(11),
        providerEventId: `test:${byProvider}:unknown`,
        detail: {},
      };
      expect(await ledger.recordProviderOutcome(db, event, move, at(11))).toEqual({ fresh: true, moved: true });
      expect(await stateOf(byProvider)).toMatchObject({ state: 'delivered', reason: null });
      await ledger.markSent(db, [{ id: byUs, messageId: 'm-late', detail: '{}' }], at(12));
      expect(await stateOf(byUs)).toMatchObject({ state: 'sent', reason: null, provider_message_id: 'm-late' });
    });
  });

  it('sent: state, message id and a sent event together; a delivered touch keeps its state', async () => {
    const sending = await touch({ state: 'sending' });
    const delivered = await touch({ state: 'delivered' });
    await ledger.markSent(
      db,
      [
        { id: sending, messageId: 'msg-1', detail: JSON.stringify({ via: 'outbox' }) },
        { id: delivered, messageId: 'msg-2', detail: JSON.stringify({ via: 'outbox' }) },
      ],
      NOW,
    );
    expect(await stateOf(sending)).toMatchObject({ state: 'sent', provider_message_id: 'msg-1', reason: null });
    expect(await stateOf(delivered)).toMatchObject({ state: 'delivered', provider_message_id: 'msg-2' });
    expect(await eventsOf(sending)).toEqual([expect.objectContaining({ kind: 'sent', detail: { via: 'outbox' } })]);
  });

  it('failed with the reason and its event, and nothing at all for a touch that is not sending', async () => {
    const sending = await touch({ state: 'sending' });
    const planned = await touch();
    expect(await ledger.fail(db, sending, 'sms:21211', NOW, { reason: 'sms:21211', attempt: 1 })).toBe(true);
    expect(await stateOf(sending)).toMatchObject({ state: 'failed', reason: 'sms:21211' });
    expect(await eventsOf(sending)).toEqual([expect.objectContaining({ kind: 'failed', detail: { reason: 'sms:21211', attempt: 1 } })]);
    expect(await ledger.fail(db, planned, 'sms:21211', NOW, {})).toBe(false);
    expect(await stateOf(planned)).toMatchObject({ state: 'planned', reason: null });
    expect(await eventsOf(planned)).toEqual([]);
    await ledger.cancel(db, planned, 'cancelled_by_admin', NOW);
  });

  it('retry: back to queued with a retry event, only for the attempt that holds the claim', async () => {
    const id = await touch({ state: 'sending' });
    await db.query('UPDATE touches SET attempts = 2 WHERE id = $1', [id]);
    expect(await ledger.markRetry(db, { id, attempt: 1 }, 'email:429', NOW, { attempt: 1 })).toBe(false);
    expect(await eventsOf(id)).toEqual([]);
    expect(await ledger.markRetry(db, { id, attempt: 2 }, 'email:429', NOW, { attempt: 2 })).toBe(true);
    expect(await stateOf(id)).toMatchObject({ state: 'queued', reason: 'email:429', attempts: 2 });
    expect(await eventsOf(id)).toEqual([expect.objectContaining({ kind: 'retry', detail: { attempt: 2 } })]);
    await ledger.cancel(db, id, 'cancelled_by_admin', NOW);
  });

  it('skip and reschedule give the claim back without an attempt', async () => {
    const skipped = await touch({ state: 'sending' });
    const moved = await touch({ state: 'sending' });
    await db.query('UPDATE touches SET attempts = 1 WHERE id = ANY($1::bigint[])', [[skipped, moved]]);
    const at = new Date('2015-06-02T08:00:00Z');
    await ledger.skipClaimed(db, [{ id: skipped, reason: 'opted_out' }], NOW);
    await ledger.reschedule(db, [{ id: moved, at }], NOW);
    expect(await stateOf(skipped)).toMatchObject({ state: 'skipped', reason: 'opted_out', attempts: 0 });
    expect(await stateOf(moved)).toMatchObject({ state: 'planned', attempts: 0 });
    await ledger.cancel(db, moved, 'cancelled_by_admin', NOW);
  });

  it('a provider event is written once and moves the touch only forward', async () => {
    const id = await touch({ state: 'sent' });
    const event = { customerId, touchId: id, kind: 'delivered', at: NOW, providerEventId: `test:${id}:delivered`, detail: {} };
    const move: ledger.ProviderMove = { state: 'delivered', reason: null, from: ['sending', 'sent'], providerMessageId: 'msg-9' };
    expect(await ledger.recordProviderOutcome(db, event, move, NOW)).toEqual({ fresh: true, moved: true });
    expect(await stateOf(id)).toMatchObject({ state: 'delivered', provider_message_id: 'msg-9' });
    expect(await ledger.recordProviderOutcome(db, event, move, NOW)).toEqual({ fresh: false, moved: false });
    expect(await eventsOf(id)).toHaveLength(1);
    // A late "sent" after "delivered" is recorded but does not move the touch back.
    const late = { ...event, kind: 'sent', providerEventId: `test:${id}:sent` };
    const backwards: ledger.ProviderMove = { ...move, state: 'sent', from: ['sending'] };
    expect(await ledger.recordProviderOutcome(db, late, backwards, NOW)).toEqual({ fresh: true, moved: false });
    expect((await stateOf(id)).state).toBe('delivered');
    // An event that moves nothing (an open) is just recorded.
    const opened = { ...event, kind: 'opened', providerEventId: `test:${id}:opened` };
    expect(await ledger.recordProviderOutcome(db, opened, null, NOW)).toEqual({ fresh: true, moved: false });
    expect((await eventsOf(id)).map((e) => e.kind)).toEqual(['delivered', 'sent', 'opened']);
  });

  it('re-drives failed email and SMS touches with a redriven event naming who asked', async () => {
    const failed = await touch({ state: 'failed', reason: 'bounced' });
    const sent = await touch({ state: 'sent' });
    await db.query('UPDATE touches SET attempts = 3 WHERE id = $1', [failed]);
    expect(await ledger.redrive(db, 't.id = ANY($3::bigint[])', NOW, null, [[failed, sent]])).toEqual([failed]);
    expect(await stateOf(failed)).toMatchObject({ state: 'planned', reason: null, attempts: 0 });
    expect((await stateOf(sent)).state).toBe('sent');
    expect((await eventsOf(failed)).map((e) => e.kind)).toEqual(['redriven']);
    await ledger.cancel(db, failed, 'cancelled_by_admin', NOW);
  });

  it("a task's touch ends as its task did, with the task's event", async () => {
    const done = await touch({ channel: 'call', state: 'queued' });
    const skipped = await touch({ channel: 'call', state: 'queued' });
    const staff = await createStaff(db, { role: 'manager' });
    const action = { customerId, taskId: '1', actorStaffId: staff.id, detail: { outcome: 'reached' } };
    await ledger.markDone(db, { ...action, touchId: done, kind: 'task_completed' }, NOW);
    await ledger.skip(db, { ...action, touchId: skipped, kind: 'task_skipped', detail: { reason: 'away' } }, 'skipped_by_staff', NOW);
    expect(await stateOf(done)).toMatchObject({ state: 'done', reason: null });
    expect(await stateOf(skipped)).toMatchObject({ state: 'skipped', reason: 'skipped_by_staff' });
    expect(await eventsOf(done)).toEqual([
      { kind: 'task_completed', actor_staff_id: staff.id, detail: { taskId: '1', outcome: 'reached' } },
    ]);
    expect(await eventsOf(skipped)).toEqual([expect.objectContaining({ kind: 'task_skipped', detail: { taskId: '1', reason: 'away' } })]);
  });

  it('cancels pending touches only, by touch, by rule and by customer and channel', async () => {
    const planned = await touch();
    const sending = await touch({ state: 'sending' });
    expect(await ledger.cancel(db, planned, 'cancelled_by_admin', NOW)).toBe(true);
    expect(await ledger.cancel(db, sending, 'cancelled_by_admin', NOW)).toBe(false);
    expect(await stateOf(planned)).toMatchObject({ state: 'cancelled', reason: 'cancelled_by_admin' });
    const sms = await touch({ channel: 'sms', state: 'queued' });
    const email = await touch({ state: 'queued' });
    expect(await ledger.cancelPendingOfCustomers(db, [customerId], 'sms', 'unsubscribed', NOW)).toBe(1);
    expect(await stateOf(sms)).toMatchObject({ state: 'cancelled', reason: 'unsubscribed' });
    expect(await ledger.cancelPendingOfRule(db, ruleId, 'rule_disabled', NOW)).toBe(1);
    expect(await stateOf(email)).toMatchObject({ state: 'cancelled', reason: 'rule_disabled' });
    await db.query(`UPDATE touches SET state = 'failed', reason = 'test' WHERE id = $1`, [sending]);
  });
});
