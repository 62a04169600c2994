import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import type { ProcessReaper } from './process-reaper';

export const PROMETHEUS_INSTALL = 'apt-get update && apt-get install -y prometheus prometheus-alertmanager';

/** What is missing of Debian's prometheus / promtool / prometheus-alertmanager, with the command that installs it. */
export function missingPrometheusTools(): string[] {
  const missing = ['/usr/bin/prometheus', '/usr/bin/promtool', '/usr/bin/prometheus-alertmanager'].filter((b) => !existsSync(b) || spawnSync(b, ['--version']).status !== 0);
  return missing.map((b) => `${b} (install: ${PROMETHEUS_INSTALL})`);
}

export function requirePrometheusTools(): void {
  const missing = missingPrometheusTools();
  if (missing.length) throw new Error(`missing prerequisites: ${missing.join('; ')}`);
}

/** A Prometheus-family daemon the test started: its PID is tracked, so it never outlives the test. */
export interface Daemon {
  child: ChildProcess;
  stderr(): string;
  stop(): Promise<void>;
}

export function spawnDaemon(bin: string, args: string[], reaper: ProcessReaper): Daemon {
  const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-8_000)));
  if (!child.pid) throw new Error(`could not start ${bin}`);
  const pid = child.pid;
  reaper.track(pid);
  child.on('exit', () => reaper.untrack(pid));
  return {
    child,
    stderr: () => err,
    stop: () => {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        const hard = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(hard);
          resolve();
        });
        child.kill('SIGTERM');
      });
    },
  };
}

/** Polls `url` until it answers 200 (the daemon's /-/ready). */
export async function waitReady(url: string, d: Daemon, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (d.child.exitCode !== null) throw new Error(`${url}: the daemon exited ${d.child.exitCode}: ${d.stderr()}`);
    const r = await fetch(url).catch(() => null);
    if (r?.ok) return;
    await new Promise((res) => setTimeout(res, 200));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms: ${d.stderr().slice(-2_000)}`);
}

/**
 * Starts a Prometheus-family daemon listening on 127.0.0.1:`port` and waits
 * for its /-/ready. `stop` ends it by PID and removes its temp dir `root`; a
 * daemon that never gets ready is stopped before the error is thrown.
 */
export async function startReadyDaemon(bin: string, args: string[], root: string, port: number, reaper: ProcessReaper): Promise<{ url: string; stop: () => Promise<void> }> {
  const d = spawnDaemon(bin, args, reaper);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await d.stop();
    reaper.release();
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await waitReady(`${url}/-/ready`, d);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, stop };
}
