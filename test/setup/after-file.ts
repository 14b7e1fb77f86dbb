import { Client } from 'pg';

/**
 * Test files share the run's database and run one after another. Rules a file left enabled would
 * be planned for every later file's customers (and cap them), so each file ends by disabling
 * the rules it enabled; its touches stay for nobody to act on, as the ticks are off in tests.
 */
afterAll(async () => {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('UPDATE rules SET enabled = false WHERE enabled');
  } finally {
    await client.end();
  }
});
