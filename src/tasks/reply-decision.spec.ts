import { answeredTouch, assignReply, clipReplyText, REPLY_PRIORITY_BASE, replyMessage, replyPriority, ReplyStaff } from './reply-decision';

// 23:30 UTC on June 15th: already June 16th in Bangkok, still June 15th in New York.
const NOW = new Date('2026-06-15T23:30:00Z');
const person = (id: string, over: Partial<ReplyStaff> = {}): ReplyStaff => ({
  id,
  active: true,
  awayFrom: null,
  awayUntil: null,
  timeZone: 'UTC',
  ...over,
});

describe('assignReply', () => {
  it.each([
    { name: 'the account manager, due their today', manager: person('m'), backup: person('b'), who: 'm', due: '2026-06-15' },
    {
      name: "the manager's today is in their zone",
      manager: person('m', { timeZone: 'Asia/Bangkok' }),
      backup: null,
      who: 'm',
      due: '2026-06-16',
    },
    {
      name: 'manager away today (their today): the backup, due the backup’s today',
      manager: person('m', { timeZone: 'Asia/Bangkok', awayFrom: '2026-06-16', awayUntil: '2026-06-20' }),
      backup: person('b', { timeZone: 'America/New_York' }),
      who: 'b',
      due: '2026-06-15',
    },
    {
      name: 'away from tomorrow in the manager’s zone is not away yet',
      manager: person('m', { timeZone: 'America/New_York', awayFrom: '2026-06-16' }),
      backup: person('b'),
      who: 'm',
      due: '2026-06-15',
    },
    { name: 'manager inactive: the backup', manager: person('m', { active: false }), backup: person('b'), who: 'b', due: '2026-06-15' },
    {
      name: 'manager and backup away: the pool, due the customer’s today',
      manager: person('m', { awayFrom: '2026-06-01' }),
      backup: person('b', { awayUntil: '2026-06-30' }),
      who: null,
      due: '2026-06-16',
    },
    {
      name: 'manager away, no backup: the pool',
      manager: person('m', { awayFrom: '2026-06-01' }),
      backup: null,
      who: null,
      due: '2026-06-16',
    },
    { name: 'no manager: the pool (a backup needs a manager)', manager: null, backup: person('b'), who: null, due: '2026-06-16' },
  ])('$name', ({ manager, backup, who, due }) => {
    expect(assignReply(NOW, 'Asia/Bangkok', manager, backup)).toEqual({ assigneeStaffId: who, dueDate: due });
  });
});

describe('replyPriority', () => {
  it('ranks every reply above the highest automated task (rule 1000 + value bonus 60)', () => {
    expect(replyPriority(0)).toBe(REPLY_PRIORITY_BASE);
    expect(replyPriority(0)).toBeGreaterThan(1000 + 60);
    expect(replyPriority(9_999)).toBe(REPLY_PRIORITY_BASE + 40);
  });
});

describe('clipReplyText', () => {
  it('keeps a short text, with line endings normalised and blank space trimmed', () => {
    expect(clipReplyText('  Thanks!\r\nSee you\r soon \n\n')).toEqual({ text: 'Thanks!\nSee you\n soon', truncated: false });
  });

  it('cuts a long text and says how much was left out', () => {
    expect(clipReplyText('abcdefghij', 4)).toEqual({ text: 'abcd\n[… 6 more characters not kept]', truncated: true });
  });

  it('counts characters, not UTF-16 units, and never splits an emoji', () => {
    expect(clipReplyText('😀😀😀', 2)).toEqual({ text: '😀😀\n[… 1 more characters not kept]', truncated: true });
    expect(clipReplyText('😀😀', 2)).toEqual({ text: '😀😀', truncated: false });
  });
});

describe('replyMessage', () => {
  it('records the source, the time and the subject, and marks a cut text', () => {
    const at = new Date('2026-06-15T10:00:00Z');
    expect(replyMessage({ source: 'email', text: 'Hi', receivedAt: at, subject: 'Re: Happy birthday' })).toEqual({
      source: 'email',
      text: 'Hi',
      receivedAt: '2026-06-15T10:00:00.000Z',
      subject: 'Re: Happy birthday',
    });
    expect(replyMessage({ source: 'sms', text: 'x'.repeat(10_001), receivedAt: at }).truncated).toBe(true);
    expect(replyMessage({ source: 'sms', text: 'ok', receivedAt: at, subject: null })).not.toHaveProperty('subject');
  });
});

describe('answeredTouch', () => {
  it('takes the subject and text of an email, the body of an SMS, and shortens long text', () => {
    const sentAt = new Date('2026-06-14T09:00:00Z');
    expect(answeredTouch({ id: '7', channel: 'email', sentAt, rendered: { subject: 'Happy birthday', text: 'Dear Linh' } })).toEqual({
      touchId: '7',
      channel: 'email',
      sentAt: '2026-06-14T09:00:00.000Z',
      subject: 'Happy birthday',
      text: 'Dear Linh',
    });
    expect(answeredTouch({ id: '8', channel: 'sms', sentAt: null, rendered: { text: 'Thanks - Emma' } }).text).toBe('Thanks - Emma');
    expect(answeredTouch({ id: '9', channel: 'email', sentAt: null, rendered: null })).toMatchObject({ subject: null, text: null });
    expect(answeredTouch({ id: '9', channel: 'email', sentAt: null, rendered: { text: 'y'.repeat(5000) } }).text).toMatch(
      /more characters not kept\]$/,
    );
  });
});
