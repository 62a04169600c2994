import path from 'node:path';
import { AppCore } from '../core/app-core';
import { ownerOnlyFileCodec } from '../core/settings/secret-store';
import { defaultDataDir, ensurePrivateDir, sandboxEnabled } from '../core/app-paths';
import { DataDirLock } from '../core/instance/data-dir-lock';
import { attachTarget } from '../serve/attach-link';
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
  await ensurePrivateDir(dataDir);
  const acquired = await DataDirLock.acquire(dataDir, 'web');
  if (!acquired.ok && acquired.code === 'lock-error') throw new Error(acquired.reason);
  if (!acquired.ok) return refuseOrAttach(dataDir, acquired.reason);
  const lock = acquired.lock;
  const core = await AppCore.create({
    dataDir,
    secretCodec: ownerOnlyFileCodec,
    resolveDriver,
    startSandbox: sandboxEnabled(argv) ? () => startSandboxHost() : null,
  });
  const staticDir = process.env.REPLICADESK_RENDERER_DIR ?? path.join(__dirname, '..', 'renderer');
  const server = await startWebServer({ core, staticDir, launchKey, port, sessionIdleMs: sessionIdleMs(process.env), log });
  await lock.publish(server.origin, launchKey);
  process.stdout.write(`ReplicaDesk is running in browser mode. Open (the link works once):\n  ${server.url}\n`);
  const newLink = () => process.stdout.write(`  ${server.launchUrl()}\n`);
  // Without a terminal (nohup, a service) a signal is the way to a new link after Log out or idle expiry.
  process.on('SIGUSR2', newLink);
  process.stdout.write(`For another one-time link: ${process.stdin.isTTY ? 'press Enter here, or ' : ''}kill -USR2 ${process.pid}\n`);
  if (process.stdin.isTTY) process.stdin.on('data', newLink);
  process.stdout.write(`Settings: ${dataDir} (passwords in secrets.json, mode 0600)\n`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await core.dispose();
    await lock.release();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  log.info('browser mode ready', { port: server.port });
}

/** Another core watches this data dir: print a link to it (serve, browser mode), or refuse (desktop app). */
async function refuseOrAttach(dataDir: string, reason: string): Promise<void> {
  const t = await attachTarget(dataDir);
  if (t.kind === 'link') {
    process.stdout.write(`ReplicaDesk (pid ${t.holder.pid}, ${t.holder.mode}) is already watching ${dataDir}; not starting a second core.\nAttach to it with this one-time link:\n  ${t.url}\n`);
    process.exit(0);
  }
  process.stderr.write(`ReplicaDesk could not start: ${reason}${t.kind === 'no-link' ? ` (${t.why})` : ''}\n`);
  process.exit(3);
}

main().catch((error) => {
  process.stderr.write(`ReplicaDesk could not start: ${toLogFormat(error)}\n`);
  process.exit(1);
});
