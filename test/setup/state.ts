/** What global setup started, kept in the parent process for global teardown. */
export type TestDatabase =
  | { mode: 'server'; url: string; serverUrl: string; name: string }
  | { mode: 'embedded'; url: string; dir: string; stop: () => Promise<void> };

const KEY = Symbol.for('touchpoint.testDatabase');
type Holder = { [KEY]?: TestDatabase };

export const testState = {
  set(value: TestDatabase): void {
    (globalThis as Holder)[KEY] = value;
  },
  get(): TestDatabase | undefined {
    return (globalThis as Holder)[KEY];
  },
};
