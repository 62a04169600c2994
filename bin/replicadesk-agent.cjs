#!/usr/bin/env node
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS bin script */
/**
 * replicadesk-agent: runs agent/cli.ts through tsx (a devDependency) in this
 * process, so signals and exit codes need no forwarding. Works from a clean
 * clone after `npm ci`. `replicadesk-agent --help` for usage. Secrets are read
 * from files or the environment (--token-file, REPLICADESK_AGENT_TOKEN,
 * --pg-password-file, PGPASSWORD, PGPASSFILE), never from argv, which every
 * user on the host can read in /proc/PID/cmdline.
 */
const path = require('node:path');
const { pathToFileURL } = require('node:url');

async function run() {
  let tsx;
  try {
    tsx = await import('tsx/esm/api');
  } catch {
    process.stderr.write('replicadesk-agent: tsx is missing; run `npm ci` in the ReplicaDesk checkout first.\n');
    process.exit(2);
  }
  const cli = pathToFileURL(path.join(__dirname, '..', 'agent', 'cli.ts')).href;
  const mod = await tsx.tsImport(cli, pathToFileURL(__filename).href);
  await mod.main(process.argv.slice(2));
}

run().catch((error) => {
  process.stderr.write(`replicadesk-agent: ${error && error.stack ? error.stack : String(error)}\n`);
  process.exit(1);
});
