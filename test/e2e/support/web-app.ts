import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mintLaunchToken } from '../../../electron/web/launch-tokens';

export interface RunningApp {
  /** A fresh one-time launch link each time it is read (each link works once, for one browser context). */
  readonly url: string;
  logs: string[];
  /** Sends the server SIGUSR2, as an admin without its terminal would, and returns the new link it prints. */
  printNewLink(): Promise<string>;
  stop(): Promise<void>;
}

const root = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * Starts browser mode (`dist/web/server.cjs`, built by `npm run build`) in a
 * temp settings dir, waits for the URL it prints, and stops it by PID. It
 * passes the server a launch key, so it can mint a new one-time link for
 * every page that opens the app.
 */
export async function startWebApp(opts: { sandbox: boolean; env?: Record<string, string> }): Promise<RunningApp> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rd-e2e-'));
  const launchKey = randomBytes(32);
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'dist/web/server.cjs')], {
    cwd: root,
    env: { ...process.env, REPLICADESK_DATA_DIR: dataDir, REPLICADESK_PORT: '0', REPLICADESK_LAUNCH_KEY: launchKey.toString('base64url'), REPLICADESK_SANDBOX: opts.sandbox ? '1' : '0', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const printed = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser mode did not print its URL in 30 s:\n${logs.join('')}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      logs.push(chunk.toString());
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(logs.join(''));
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    child.once('exit', (code) => reject(new Error(`browser mode exited with ${code}:\n${logs.join('')}`)));
  });
  const origin = new URL(printed).origin;
  return {
    get url() {
      return `${origin}/?token=${mintLaunchToken(launchKey)}`;
    },
    logs,
    printNewLink: async () => {
      const before = links(logs.join('')).length;
      child.kill('SIGUSR2');
      for (let waited = 0; waited < 10_000; waited += 50) {
        const all = links(logs.join(''));
        if (all.length > before) return all.at(-1)!;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no new link printed after SIGUSR2:\n${logs.join('')}`);
    },
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const links = (text: string): string[] => [...text.matchAll(/(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/g)].map((m) => m[1]!);
