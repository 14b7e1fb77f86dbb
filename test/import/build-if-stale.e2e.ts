import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `npm run import` builds first only when the build is missing or older than a source. */
const { buildState } = require('../../src/cli/build-if-stale.js') as { buildState: (root: string) => 'missing' | 'stale' | 'current' };

describe('build-if-stale', () => {
  let root: string;
  const at = (path: string, minutesAgo: number) => {
    const time = new Date(Date.now() - minutesAgo * 60_000);
    utimesSync(join(root, path), time, time);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'touchpoint-build-'));
    mkdirSync(join(root, 'src/crm'), { recursive: true });
    writeFileSync(join(root, 'tsconfig.json'), '{}');
    writeFileSync(join(root, 'src/main.ts'), '');
    writeFileSync(join(root, 'src/crm/a.ts'), '');
    for (const path of ['tsconfig.json', 'src/main.ts', 'src/crm/a.ts', 'src/crm', 'src']) at(path, 10);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const build = (minutesAgo: number) => {
    mkdirSync(join(root, 'dist'), { recursive: true });
    writeFileSync(join(root, 'dist/main.js'), '');
    at('dist/main.js', minutesAgo);
  };

  it('builds when there is no build', () => {
    expect(buildState(root)).toBe('missing');
  });

  it('does not build when every source is older than the build', () => {
    build(5);
    expect(buildState(root)).toBe('current');
  });

  it('builds when a source, a folder (a file added or removed) or a build setting changed since', () => {
    build(5);
    at('src/crm/a.ts', 1);
    expect(buildState(root)).toBe('stale');
    at('src/crm/a.ts', 10);
    at('src/crm', 1);
    expect(buildState(root)).toBe('stale');
    at('src/crm', 10);
    at('tsconfig.json', 1);
    expect(buildState(root)).toBe('stale');
  });

  it('ignores what the build does not compile: specs and READMEs', () => {
    build(5);
    writeFileSync(join(root, 'src/crm/a.spec.ts'), '');
    writeFileSync(join(root, 'src/crm/README.md'), '');
    at('src/crm', 10);
    expect(buildState(root)).toBe('current');
  });
});
