'use strict';
/**
 * Benchmark dispatcher: `node bench/run.js <name> [args...]` runs bench/<name>.js, which exports
 * `run(args)` returning a promise. Each benchmark prints its result as one JSON line, last.
 */
const { existsSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

const [name, ...args] = process.argv.slice(2);
const available = readdirSync(__dirname)
  .filter((file) => file.endsWith('.js') && !['run.js', 'generate.js'].includes(file))
  .map((file) => file.slice(0, -3));

if (!name || !/^[a-z0-9-]+$/.test(name) || !existsSync(join(__dirname, `${name}.js`))) {
  process.stderr.write(`Usage: npm run bench -- <name>   (available: ${available.join(', ') || 'none'})\n`);
  process.exit(2);
}

Promise.resolve(require(`./${name}.js`).run(args)).then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`bench ${name} failed: ${error && error.stack ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
