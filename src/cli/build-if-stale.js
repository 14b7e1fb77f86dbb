'use strict';
/**
 * Runs `nest build` only when a source or build setting is newer than the build in dist/, so a
 * command run after it (`npm run import`) starts at once when nothing changed: a full build
 * takes 10-25 s, this check a few milliseconds. A failed build exits with its code.
 */
const { spawnSync } = require('node:child_process');
const { readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

function newest(path) {
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) return 0;
  // Only what the build compiles: a README or a spec beside the code changes nothing in dist.
  if (!info.isDirectory()) return /\.ts$/.test(path) && !/\.spec\.ts$/.test(path) ? info.mtimeMs : 0;
  let latest = info.mtimeMs; // a deleted or renamed file changes its folder's time
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

/** 'missing' when there is no build, 'stale' when a source or setting changed since, else 'current'. */
function buildState(root) {
  // Written by every build: its time is when dist was last built.
  const built = statSync(join(root, 'dist', 'main.js'), { throwIfNoEntry: false });
  if (!built) return 'missing';
  const settings = ['tsconfig.json', 'nest-cli.json'].map((name) => statSync(join(root, name), { throwIfNoEntry: false })?.mtimeMs ?? 0);
  return Math.max(newest(join(root, 'src')), ...settings) > built.mtimeMs ? 'stale' : 'current';
}

module.exports = { buildState };

if (require.main === module) {
  const root = join(__dirname, '..', '..');
  const state = buildState(root);
  if (state !== 'current') {
    process.stderr.write(
      state === 'missing' ? 'No build yet: building first.\n' : 'Sources changed since the last build: building first.\n',
    );
    const nest = require.resolve('@nestjs/cli/bin/nest.js', { paths: [root] });
    const result = spawnSync(process.execPath, [nest, 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
}
