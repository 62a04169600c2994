import path from 'node:path';
import { AppCore } from '../core/app-core';
import { ownerOnlyFileCodec } from '../core/settings/secret-store';
import { defaultDataDir, ensurePrivateDir } from '../core/app-paths';
import { createLogger } from '../core/logger';
import { toLogFormat } from '../core/errors';
import { DataDirLock } from '../core/instance/data-dir-lock';
import { resolveDriver } from '../drivers';
import { startWebServer, type WebServer } from '../web/web-server';
import { launchKeyFromEnv } from '../web/launch-tokens';
import { sessionIdleMs } from '../web/sessions';
import { parseServeArgs, USAGE, type ServeCommand } from './serve-args';
import { printAttachLink } from './attach-link';
import { EXIT } from './exit-codes';

type Out = (text: string) => void;
const out: Out = (t) => process.stdout.write(t);
const err: Out = (t) => process.stderr.write(t);

/** `replicadesk <command>`: resolves to the exit code, or keeps running (serve) until a signal. */
export async function main(argv: readonly string[]): Promise<void> {
  const cmd = parseServeArgs(argv, process.env, defaultDataDir);
  if (cmd.kind === 'help') return out(USAGE);
  if (cmd.kind === 'error') {
    err(`replicadesk: ${cmd.message}\nRun \`replicadesk --help\` for usage.\n`);
    process.exit(EXIT.usage);
  }
  if (cmd.kind === 'link') process.exit(await printAttachLink(cmd.dataDir, out, err));
  await serve(cmd);
}

async function serve(cmd: Extract<ServeCommand, { kind: 'serve' }>): Promise<void> {
  const log = createLogger('serve');
  const launchKey = launchKeyFromEnv(process.env);
  for (const w of cmd.warnings) err(`${w}\n`);
  const dirWarning = await ensurePrivateDir(cmd.dataDir);
  if (dirWarning) err(`WARNING: ${dirWarning}\n`);
  const acquired = await DataDirLock.acquire(cmd.dataDir, 'serve');
  if (!acquired.ok) {
    err(`replicadesk serve: ${acquired.reason}\n`);
    process.exit(acquired.code === 'in-use' ? EXIT.inUse : EXIT.failed);
  }
  const lock = acquired.lock;
  let core: AppCore | null = null;
  let server: WebServer | null = null;
  try {
    core = await AppCore.create({ dataDir: cmd.dataDir, secretCodec: ownerOnlyFileCodec, resolveDriver, startSandbox: null });
    const staticDir = process.env.REPLICADESK_RENDERER_DIR ?? path.join(__dirname, '..', 'renderer');
    server = await startWebServer({ core, staticDir, launchKey, port: cmd.port, host: cmd.host, sessionIdleMs: sessionIdleMs(process.env), log });
    await lock.publish(server.origin, launchKey);
  } catch (error) {
    err(`replicadesk serve could not start: ${startError(error, cmd)}\n`);
    await server?.close();
    await core?.dispose();
    await lock.release();
    process.exit(EXIT.failed);
  }
  const clusters = await core.handle('clusters:list', {});
  const count = clusters.ok ? (clusters.value as unknown[]).length : 0;
  out(`ReplicaDesk serve (pid ${process.pid}) is watching ${count} cluster${count === 1 ? '' : 's'} from ${cmd.dataDir}.\n`);
  out(`Attach with this one-time link:\n  ${server.url}\n`);
  out(`For another link: replicadesk link --data-dir ${cmd.dataDir}, or kill -USR2 ${process.pid}\n`);
  const liveServer = server;
  process.on('SIGUSR2', () => out(`  ${liveServer.launchUrl()}\n`));
  if (process.stdin.isTTY) process.stdin.on('data', () => out(`  ${liveServer.launchUrl()}\n`));
  const liveCore = core;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // A monitor stuck in a connect must not hold the service past systemd's stop timeout.
    setTimeout(() => {
      err('replicadesk serve: shutdown took over 1.5 s; exiting anyway\n');
      process.exit(EXIT.failed);
    }, 1_500).unref();
    log.info('stopping', { signal });
    await liveServer.close();
    liveCore.flush();
    await liveCore.dispose();
    await lock.release();
    out('ReplicaDesk serve stopped.\n');
    process.exit(EXIT.ok);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  log.info('serve ready', { port: liveServer.port, host: cmd.host, dataDir: cmd.dataDir });
}

function startError(error: unknown, cmd: { host: string; port: number }): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return `port ${cmd.port} on ${cmd.host} is already in use (choose another --port, or 0 for any free one)`;
  if (code === 'EADDRNOTAVAIL') return `${cmd.host} is not an address of this machine`;
  if (code === 'EACCES') return `not allowed to listen on ${cmd.host}:${cmd.port} (ports below 1024 need privileges)`;
  return toLogFormat(error);
}
