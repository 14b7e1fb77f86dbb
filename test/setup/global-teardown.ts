import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { testState } from './state';

export default async function globalTeardown(): Promise<void> {
  const state = testState.get();
  if (!state) return;
  if (state.mode === 'server') {
    const admin = new Client({ connectionString: state.serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${state.name} WITH (FORCE)`);
    await admin.end();
  } else {
    await state.stop();
    rmSync(state.dir, { recursive: true, force: true });
  }
}
