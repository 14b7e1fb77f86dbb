import { Client } from 'pg';
import { nextAllowed, quietHoursSql, SendWindow } from '../../src/consent/quiet-hours';
import { holdoutBucket, holdoutBucketSql } from '../../src/planner/holdout';
import { localToUtc } from '../../src/planner/local-time';
import { testDatabaseUrl } from '../app';

/** The planner's SQL and its TypeScript twins must give the same answers on one scenario table. */
describe('SQL and TypeScript agree', () => {
  let pg: Client;
  beforeAll(async () => {
    pg = new Client({ connectionString: testDatabaseUrl() });
    await pg.connect();
    await pg.query(`SET timezone = 'UTC'`);
  });
  afterAll(() => pg.end());

  const zones = [
    'America/New_York',
    'Europe/Berlin',
    'Europe/Moscow',
    'Asia/Bangkok',
    'Pacific/Kiritimati',
    'Pacific/Pago_Pago',
    'Australia/Sydney',
    'Australia/Lord_Howe',
    'America/Santiago',
    'Asia/Kolkata',
    'UTC',
  ];
  const dates = [
    '2026-03-08',
    '2026-03-29',
    '2026-04-05',
    '2026-09-06',
    '2026-10-04',
    '2026-10-25',
    '2026-11-01',
    '2027-02-28',
    '2028-02-29',
  ];
  const times = ['00:00', '00:30', '01:30', '02:30', '03:00', '07:59', '08:00', '09:00', '20:59', '21:00', '23:45'];

  it('local date and time → UTC (AT TIME ZONE vs localToUtc), DST gaps and overlaps included', async () => {
    const cases = zones.flatMap((zone) => dates.flatMap((date) => times.map((time) => ({ zone, date, time }))));
    const { rows } = await pg.query<{ at: Date }>(
      `SELECT (d + t) AT TIME ZONE z AS at FROM unnest($1::date[], $2::time[], $3::text[]) WITH ORDINALITY AS x(d, t, z, i) ORDER BY i`,
      [cases.map((c) => c.date), cases.map((c) => c.time), cases.map((c) => c.zone)],
    );
    const mismatches = cases
      .map((c, i) => ({ ...c, sql: rows[i].at.toISOString(), ts: localToUtc(c.date, c.time, c.zone).toISOString() }))
      .filter((c) => c.sql !== c.ts);
    expect(mismatches).toEqual([]);
  });

  it('quiet hours (quietHoursSql vs nextAllowed)', async () => {
    const windows: (SendWindow | null)[] = [{ start: '08:00', end: '21:00' }, { start: '09:30', end: '17:15' }, null];
    const instants = Array.from({ length: 96 }, (_, i) => new Date(Date.UTC(2026, 2, 7, 0, 0) + i * 47 * 60_000)); // steps across the NY DST change
    instants.push(...Array.from({ length: 48 }, (_, i) => new Date(Date.UTC(2026, 9, 31, 12, 0) + i * 61 * 60_000)));
    const cases = windows.flatMap((window) => zones.flatMap((zone) => instants.map((at) => ({ window, zone, at }))));
    const { rows } = await pg.query<{ at: Date }>(
      `SELECT ${quietHoursSql('x.i0', 'x.z', 'x.s', 'x.e')} AS at
         FROM unnest($1::timestamptz[], $2::text[], $3::time[], $4::time[]) WITH ORDINALITY AS x(i0, z, s, e, i) ORDER BY x.i`,
      [
        cases.map((c) => c.at),
        cases.map((c) => c.zone),
        cases.map((c) => c.window?.start ?? null),
        cases.map((c) => c.window?.end ?? null),
      ],
    );
    const mismatches = cases
      .map((c, i) => ({
        zone: c.zone,
        window: c.window,
        at: c.at.toISOString(),
        sql: rows[i].at.toISOString(),
        ts: nextAllowed(c.at, c.zone, c.window).toISOString(),
      }))
      .filter((c) => c.sql !== c.ts);
    expect(mismatches).toEqual([]);
  });

  it('holdout buckets (md5 in SQL vs node:crypto)', async () => {
    const rule = '6f1c2b9e-1d2a-4c3b-9a8e-0f1e2d3c4b5a';
    const ids = Array.from({ length: 500 }, (_, i) => String(i * 7919 + 1));
    const { rows } = await pg.query<{ b: string }>(
      `SELECT ${holdoutBucketSql('$1::uuid', 'x.id')} AS b FROM unnest($2::bigint[]) WITH ORDINALITY AS x(id, i) ORDER BY x.i`,
      [rule, ids],
    );
    expect(rows.map((r) => Number(r.b))).toEqual(ids.map((id) => holdoutBucket(rule, id)));
  });
});
