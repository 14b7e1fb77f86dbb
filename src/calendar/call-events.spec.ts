import { callEvent, CallRow } from './call-events';

const row = (patch: Partial<CallRow> = {}): CallRow => ({
  id: '42',
  due_date: '2026-06-17',
  first_name: 'Ada',
  last_name: 'Lovelace',
  time_zone: 'Europe/Berlin',
  local_time: '10:00',
  starts_at: new Date('2026-06-17T08:00:00Z'),
  follow_up_attempt: null,
  handed_over_from_name: null,
  ...patch,
});

describe('callEvent', () => {
  it('names the customer and their local time; one UID per task', () => {
    expect(callEvent(row(), 'crm.example.com')).toEqual({
      uid: 'task-42@crm.example.com',
      start: new Date('2026-06-17T08:00:00Z'),
      durationMinutes: 15,
      summary: 'Call Ada Lovelace (10:00 their time)',
      description:
        'Call Ada Lovelace at 10:00 their time (Europe/Berlin) on 2026-06-17.\nTask 42: the phone number and talking points are on the task in Touchpoint.',
    });
  });

  it('says when it is a follow-up try or was handed over', () => {
    const event = callEvent(row({ follow_up_attempt: 2, handed_over_from_name: 'Emma Clarke' }), 'x');
    expect(event.description.split('\n')).toEqual([
      'Call Ada Lovelace at 10:00 their time (Europe/Berlin) on 2026-06-17.',
      'Follow-up try 2.',
      'Handed over from Emma Clarke.',
      'Task 42: the phone number and talking points are on the task in Touchpoint.',
    ]);
  });

  it('a customer without a name is still a call', () => {
    expect(callEvent(row({ first_name: '', last_name: '' }), 'x').summary).toBe('Call a customer (10:00 their time)');
  });
});
