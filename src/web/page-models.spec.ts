import { TaskView } from '../tasks/task-view';
import { TimelineEntry } from '../tasks/timeline.service';
import { pageText } from './i18n/page-text';
import { taskCardModel, timelineEntryModel } from './page-models';

const at = new Date('2026-06-15T12:00:00Z');

function event(kind: string, detail: Record<string, unknown>): TimelineEntry {
  return { type: 'event', id: '1', at, kind, actor: 'Emma Clarke', detail };
}

function replyTask(overrides: Partial<TaskView> = {}): TaskView {
  return {
    id: '7',
    kind: 'reply',
    state: 'open',
    dueDate: '2026-06-15',
    originalDueDate: '2026-06-15',
    overdue: false,
    priority: 1100,
    movedReason: null,
    snoozedUntil: null,
    outcome: null,
    note: null,
    skipReason: null,
    assignee: { id: 'a', name: 'Emma Clarke' },
    customer: { externalId: 'c-1', name: 'Ada Byron', phone: '+12025550123', lifetimeValue: '1200.00', tier: null },
    touchId: '3',
    reply: {
      receivedAt: at,
      messageCount: 23,
      messages: [
        { source: 'sms', text: 'First', receivedAt: '2026-06-15T01:30:00.000Z' },
        { source: 'email', text: 'Second, cut', receivedAt: '2026-06-15T12:00:00.000Z', subject: 'Re: Hello', truncated: true },
      ],
      answers: { touchId: '3', channel: 'email', sentAt: '2026-06-14T09:00:00.000Z', subject: 'Hello', text: 'Dear Ada' },
    },
    goal: null,
    followUpAttempt: null,
    handedOverFrom: null,
    handedOverAt: null,
    talkingPoints: null,
    createdAt: at,
    completedAt: null,
    ...overrides,
  };
}

describe('taskCardModel for a reply', () => {
  const place = { returnPath: '/app', notePath: '/app' };

  it('shows the words with when and how they came, in the reader’s zone, and what they answered', () => {
    const card = taskCardModel(replyTask(), '2026-06-15', 'America/New_York', pageText('en'), place);
    expect(card.kindLabel).toBe('Reply');
    expect(card.phone).toBe('+12025550123');
    expect(card.reply).toEqual({
      earlier: 'Earlier messages, on the timeline: 21',
      messages: [
        { iso: '2026-06-15T01:30:00.000Z', when: '14 Jun 2026, 21:30', source: 'SMS', subject: null, text: 'First', cut: null },
        {
          iso: '2026-06-15T12:00:00.000Z',
          when: '15 Jun 2026, 08:00',
          source: 'Email',
          subject: 'Re: Hello',
          text: 'Second, cut',
          cut: 'The rest of this message was too long to keep.',
        },
      ],
      answers: { heading: 'In reply to our Email', when: '14 Jun 2026, 05:00', subject: 'Hello', text: 'Dear Ada' },
    });
    expect(card.outcomes.map((o) => o.value)).toEqual(['replied', 'called_back', 'no_action_needed']);
  });

  it('has no reply part for a call, and says nothing of earlier messages when all are kept', () => {
    const call = taskCardModel(replyTask({ kind: 'call', reply: null }), '2026-06-15', 'UTC', pageText('en'), place);
    expect(call.reply).toBeNull();
    expect(call.outcomes.map((o) => o.value)).toContain('reached');
    const all = taskCardModel(
      replyTask({
        reply: {
          receivedAt: at,
          messageCount: 1,
          messages: [{ source: 'feedback', text: 'Score 2', receivedAt: at.toISOString() }],
          answers: null,
        },
      }),
      '2026-06-15',
      'UTC',
      pageText('ru'),
      place,
    );
    expect(all.reply).toMatchObject({ earlier: null, answers: null, messages: [{ source: 'Отзыв' }] });
  });
});

describe('timelineEntryModel', () => {
  it.each([
    ['en', 'Task completed', 'Replied in writing'],
    ['vi', 'Đã hoàn thành việc', 'Đã trả lời bằng văn bản'],
    ['ru', 'Задача выполнена', 'Ответили письменно'],
    ['th', 'งานเสร็จสิ้น', 'ตอบกลับเป็นข้อความแล้ว'],
  ] as const)('words a completed reply in %s', (locale, title, outcome) => {
    const entry = timelineEntryModel(
      event('task_completed', { taskId: '7', kind: 'reply', outcome: 'replied', note: 'Sent the guide' }),
      pageText(locale),
      'UTC',
    );
    expect(entry).toMatchObject({ title, lines: [outcome, 'Sent the guide'], actor: 'Emma Clarke', iso: at.toISOString() });
  });

  it('gives a feedback score its own line, and an unknown event its kind in words', () => {
    expect(timelineEntryModel(event('feedback', { score: 2, lowScore: true, comment: true }), pageText('ru'), 'UTC')).toMatchObject({
      title: 'Отзыв',
      lines: ['Оценка 2 из 5'],
    });
    expect(timelineEntryModel(event('something_new', {}), pageText('en'), 'UTC').title).toBe('something new');
  });

  it('writes a snooze date and the time of the entry for the reader', () => {
    const entry = timelineEntryModel(event('task_snoozed', { until: '2026-06-20' }), pageText('vi'), 'Asia/Ho_Chi_Minh');
    expect(entry.lines).toEqual([`Đến ${pageText('vi').day('2026-06-20')}`]);
    expect(entry.when).toBe(pageText('vi').instant(at, 'Asia/Ho_Chi_Minh'));
  });
});
