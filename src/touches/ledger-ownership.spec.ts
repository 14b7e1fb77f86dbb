import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every file under a folder, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/**
 * The ledger's transitions write the state and the event together only if nobody else writes
 * the two tables: a statement that does, anywhere but src/touches, fails here.
 */
describe('the touch ledger is written only from src/touches', () => {
  const src = join(__dirname, '..');
  const writes = /UPDATE\s+touches\b|INSERT\s+INTO\s+touch_events\b|INSERT\s+INTO\s+touches\b/i;

  it('finds no statement writing touches or touch_events outside src/touches (the demo history aside)', () => {
    const offenders = filesUnder(src)
      .filter((file) => !file.includes(`${join(src, 'touches')}/`) && !file.includes(`${join(src, 'database', 'migrations')}/`))
      .filter((file) => writes.test(readFileSync(file, 'utf8')))
      .map((file) => relative(src, file));
    // The demo data set writes a year of finished touches at once (src/demo/history.ts); its
    // events go through the ledger, its touch rows are inserted there as history.
    expect(offenders).toEqual(['demo/history.ts']);
  });
});
