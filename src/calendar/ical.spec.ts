import { escapeText, foldLine, renderCalendar, utcDateTime } from './ical';

describe('iCalendar text', () => {
  it.each([
    ['plain', 'Call Ada', 'Call Ada'],
    ['comma and semicolon', 'Smith, Jones; partners', 'Smith\\, Jones\\; partners'],
    ['a backslash first, so escapes are not escaped twice', 'a\\b,c', 'a\\\\b\\,c'],
    ['every kind of line break', 'one\ntwo\r\nthree\rfour', 'one\\ntwo\\nthree\\nfour'],
  ])('escapes %s', (_name, raw, escaped) => {
    expect(escapeText(raw)).toBe(escaped);
  });

  it('leaves a line of 75 octets as it is', () => {
    const line = `SUMMARY:${'x'.repeat(75 - 8)}`;
    expect(foldLine(line)).toBe(line);
  });

  it('folds a long line at 75 octets, continuations starting with a space and at most 75 octets', () => {
    const line = `DESCRIPTION:${'abcdefghij'.repeat(20)}`;
    const folded = foldLine(line);
    const physical = folded.split('\r\n');
    expect(physical.length).toBeGreaterThan(2);
    expect(Buffer.byteLength(physical[0])).toBe(75);
    for (const continuation of physical.slice(1)) {
      expect(continuation.startsWith(' ')).toBe(true);
      expect(Buffer.byteLength(continuation)).toBeLessThanOrEqual(75);
    }
    // Unfolding (remove CRLF + one space) gives the line back.
    expect(folded.replace(/\r\n /g, '')).toBe(line);
  });

  it('never splits a multi-byte character', () => {
    const line = `SUMMARY:${'Nguyễn Thị Ánh 😀 '.repeat(8)}`;
    const physical = foldLine(line).split('\r\n');
    for (const part of physical) {
      expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
      expect(part).not.toContain('\uFFFD');
      expect(Buffer.from(part, 'utf8').toString('utf8')).toBe(part);
    }
    expect(physical.map((part, i) => (i === 0 ? part : part.slice(1))).join('')).toBe(line);
  });

  it('writes instants in UTC', () => {
    expect(utcDateTime(new Date('2026-06-17T10:05:09.123Z'))).toBe('20260617T100509Z');
  });

  it('renders a calendar with CRLF line ends, one VEVENT per event with its UID', () => {
    const text = renderCalendar({
      productId: '-//Touchpoint//Calls//EN',
      name: 'Calls, Emma',
      stamp: new Date('2026-06-15T12:00:00Z'),
      events: [
        {
          uid: 'task-7@example.com',
          start: new Date('2026-06-17T08:00:00Z'),
          durationMinutes: 15,
          summary: 'Call Ada; 10:00 their time',
          description: 'Line one\nLine two',
        },
      ],
    });
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text.split('\r\n')).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Touchpoint//Calls//EN',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'X-WR-CALNAME:Calls\\, Emma',
      'BEGIN:VEVENT',
      'UID:task-7@example.com',
      'DTSTAMP:20260615T120000Z',
      'DTSTART:20260617T080000Z',
      'DURATION:PT15M',
      'SUMMARY:Call Ada\\; 10:00 their time',
      'DESCRIPTION:Line one\\nLine two',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ]);
  });
});
