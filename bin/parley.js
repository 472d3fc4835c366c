#!/usr/bin/env node
'use strict';
// The CLI runs the built service; `npm install` builds it (the `prepare` script).
// Nothing else loads here: src/cli/parley.ts loads each command's modules when it runs.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const entry = join(__dirname, '..', 'dist', 'cli', 'parley.js');
if (!existsSync(entry)) {
  process.stderr.write('parley is not built yet: run `npm run build` first.\n');
  process.exit(1);
}
require(entry);
