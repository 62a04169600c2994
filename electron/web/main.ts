import path from 'node:path';
import { AppCore } from '../core/app-core';
import { ownerOnlyFileCodec } from '../core/settings/secret-store';
import { defaultDataDir, sandboxEnabled } from '../core/app-paths';
import { createLogger } from '../core/logger';
import { toLogFormat } from '../core/errors';
import { resolveDriver } from '../drivers';
import { startSandboxHost } from '../../agent/sandbox-host';
import { startWebServer } from './web-server';
import { launchKeyFromEnv } from './launch-tokens';
import { sessionIdleMs } from './sessions';

/** `npm run start:web`: the same core in Node, the UI in any browser on this machine. */
async function main(): Promise<void> {
  const log = createLogger('web');
  const launchKey = launchKeyFromEnv(process.env);
  const argv = process.argv.slice(2);
  const portArg = argv.indexOf('--port');
  const port = portArg >= 0 ? Number(argv[portArg + 1]) : Number(process.env.REPLICADESK_PORT ?? 0);
  const dataDir = defaultDataDir();
  const core = await AppCore.create({
    dataDir,
    secretCodec: ownerOnlyFileCodec,
    resolveDriver,
    startSandbox: sandboxEnabled(argv) ? () => startSandboxHost() : null,
  });
  const staticDir = process.env.REPLICADESK_RENDERER_DIR ?? path.join(__dirname, '..', 'renderer');
  const server = await startWebServer({ core, staticDir, launchKey, port, sessionIdleMs: sessionIdleMs(process.env), log });
  process.stdout.write(`ReplicaDesk is running in browser mode. Open (the link works once):\n  ${server.url}\n`);
  if (process.stdin.isTTY) {
    process.stdout.write('Press Enter here for another one-time link.\n');
    process.stdin.on('data', () => process.stdout.write(`  ${server.launchUrl()}\n`));
  }
  process.stdout.write(`Settings: ${dataDir} (passwords in secrets.json, mode 0600)\n`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await core.dispose();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  log.info('browser mode ready', { port: server.port });
}

main().catch((error) => {
  process.stderr.write(`ReplicaDesk could not start: ${toLogFormat(error)}\n`);
  process.exit(1);
});
