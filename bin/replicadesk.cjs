#!/usr/bin/env node
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS bin script */
/**
 * replicadesk: `replicadesk serve` runs the monitoring core headless with
 * browser mode on 127.0.0.1; `replicadesk link` prints a new one-time link to
 * it. Runs the built output (dist/serve/cli.cjs, from `npm run build`), which
 * also serves the built renderer. `replicadesk --help` for usage.
 */
const fs = require('node:fs');
const path = require('node:path');

const entry = path.join(__dirname, '..', 'dist', 'serve', 'cli.cjs');
if (!fs.existsSync(entry)) {
  process.stderr.write(`replicadesk: ${entry} is missing; run \`npm run build\` in the ReplicaDesk checkout first.\n`);
  process.exit(1);
}
require(entry);
