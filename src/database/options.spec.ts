import { dataSourceOptions, serviceDataSourceOptions } from './options';

describe('serviceDataSourceOptions', () => {
  const url = 'postgres://postgres@127.0.0.1:5432/touchpoint';

  it('keeps idle pool connections for minutes, not node-postgres’ 10 s, without holding the process open', () => {
    const extra = serviceDataSourceOptions(url).extra as { idleTimeoutMillis: number; allowExitOnIdle: boolean; options: string };
    expect(extra.idleTimeoutMillis).toBeGreaterThanOrEqual(60_000);
    expect(extra.allowExitOnIdle).toBe(true);
    // Everything else as for any other data source: the session's time zone, the guarded client.
    expect(extra.options).toBe('-c timezone=UTC');
    expect({ ...serviceDataSourceOptions(url), extra: undefined }).toEqual({ ...dataSourceOptions(url), extra: undefined });
  });

  it('leaves the pools of commands and tests at the default idle timeout', () => {
    expect((dataSourceOptions(url).extra as { idleTimeoutMillis?: number }).idleTimeoutMillis).toBeUndefined();
  });
});
