import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
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
