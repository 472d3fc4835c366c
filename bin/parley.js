#!/usr/bin/env node
'use strict';
// The CLI runs the built service; `npm install` builds it (the `prepare` script).
try {
  require('../dist/cli/parley.js');
} catch (error) {
  if (
    error &&
    error.code === 'MODULE_NOT_FOUND' &&
    String(error.message).includes('dist/cli/parley')
  ) {
    process.stderr.write('parley is not built yet: run `npm run build` first.\n');
    process.exit(1);
  }
  throw error;
}
