'use strict';
/**
 * Lets a child process run the TypeScript sources directly (`node -r ./test/import/ts-register.js
 * src/crm/import/import-cli.ts`), compiled on load by swc with the same settings as Jest. The CLI
 * tests use it so that they run the code under test, not whatever `dist/` holds.
 */
const { transformSync } = require('@swc/core');
const { readFileSync } = require('node:fs');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
