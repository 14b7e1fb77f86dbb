import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Every TypeScript file under a folder, recursively. */
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
  const outsideTouches = filesUnder(src)
    .map((file) => relative(src, file))
    .filter((file) => !file.startsWith(`touches${sep}`) && !file.startsWith(`database${sep}migrations${sep}`));
  const writing = (pattern: RegExp) => outsideTouches.filter((file) => pattern.test(readFileSync(join(src, file), 'utf8')));

  it('finds no statement changing a touch or writing an event outside src/touches', () => {
    expect(writing(/UPDATE\s+touches\b|INSERT\s+INTO\s+touch_events\b/i)).toEqual([]);
  });

  it('finds new touch rows written outside src/touches only by the demo data set', () => {
    // The planner's insert is the ledger's (insertPlannedTouches); the demo writes its history and
    // today's work as rows of its own, its events through the ledger.
    expect(writing(/INSERT\s+INTO\s+touches\b/i).every((file) => file.startsWith(`demo${sep}`))).toBe(true);
  });
});
