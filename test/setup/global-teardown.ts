import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { testState } from './state';

export default async function globalTeardown(): Promise<void> {
  const state = testState.get();
  if (!state) return;
  // A connection some test left open (a pool's idle client) is ended by the drop below; its
  // "terminating connection" error must not turn a finished run into a crash.
  process.on('uncaughtException', (error: Error & { code?: string }) => {
    if (error.code === '57P01' || /terminating connection/.test(error.message)) return;
    throw error;
  });
  if (state.mode === 'server') {
    const admin = new Client({ connectionString: state.serverUrl });
    await admin.connect();
    // Clones a test file could not drop (a connection left open) go with the template.
    const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${state.name}\\_%`]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS ${state.name} WITH (FORCE)`);
    await admin.end();
  } else {
    await state.stop();
    rmSync(state.dir, { recursive: true, force: true });
  }
}
