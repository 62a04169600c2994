import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataDirLock, LAUNCH_KEY_FILE, LOCK_FILE, liveHolder, type LockDeps, type LockHolder } from '../../../electron/core/instance/data-dir-lock';
import { holderAlive, processStartTicks } from '../../../electron/core/instance/process-alive';
import { attachTarget } from '../../../electron/serve/attach-link';
import { LaunchTokens } from '../../../electron/web/launch-tokens';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'rd-lock-'));
  dirs.push(d);
  return d;
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A PID that surely belongs to no process: a child that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

function writeLock(dir: string, h: Partial<LockHolder>): void {
  const holder: LockHolder = { pid: 1, startTicks: null, mode: 'serve', startedAt: '2026-01-01T00:00:00.000Z', origin: null, ...h };
  writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify(holder));
}

const readLock = (dir: string) => JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8')) as LockHolder;

describe('data-dir lock', () => {
  it('is created 0600 with our pid and start time, and a second core is refused naming the holder', async () => {
    const dir = tempDir();
    const first = await DataDirLock.acquire(dir, 'serve');
    if (!first.ok) throw new Error(first.reason);
    expect(statSync(path.join(dir, LOCK_FILE)).mode & 0o777).toBe(0o600);
    expect(readLock(dir)).toMatchObject({ pid: process.pid, mode: 'serve', startTicks: processStartTicks(process.pid) });
    // Another process (another pid) trying the same directory while we live:
    const second = await DataDirLock.acquire(dir, 'web', { pid: process.pid + 100_000, alive: holderAlive, now: Date.now });
    expect(second.ok).toBe(false);
    if (second.ok || second.code !== 'in-use') throw new Error('expected in-use');
    expect(second.holder.pid).toBe(process.pid);
    expect(second.reason).toContain(`pid ${process.pid}`);
    expect(second.reason).toContain('already watching');
    await first.lock.release();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  it('takes over a stale lock left by a dead PID', async () => {
    const dir = tempDir();
    const dead = deadPid();
    writeLock(dir, { pid: dead, origin: 'http://127.0.0.1:1' });
    expect(await liveHolder(dir)).toBeNull();
    const r = await DataDirLock.acquire(dir, 'serve');
    if (!r.ok) throw new Error(r.reason);
    expect(readLock(dir).pid).toBe(process.pid);
    expect(readLock(dir).origin).toBeNull();
    await r.lock.release();
  });

  it('takes over a lock whose PID now belongs to another process (start time differs), and one with our own PID (a restart in a container)', async () => {
    const dir = tempDir();
    writeLock(dir, { pid: process.ppid, startTicks: '1' });
    const r = await DataDirLock.acquire(dir, 'serve');
    if (!r.ok) throw new Error(r.reason);
    await r.lock.release();
    writeLock(dir, { pid: process.pid, startTicks: processStartTicks(process.pid) });
    const again = await DataDirLock.acquire(dir, 'serve');
    if (!again.ok) throw new Error(again.reason);
    await again.lock.release();
  });

  it('refuses while the holder lives: the parent process with its real start time', async () => {
    const dir = tempDir();
    writeLock(dir, { pid: process.ppid, startTicks: processStartTicks(process.ppid), mode: 'desktop' });
    const r = await DataDirLock.acquire(dir, 'serve');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain('desktop app');
    expect(await attachTarget(dir)).toMatchObject({ kind: 'no-link' });
  });

  it('takes over an unreadable lock once it is older than 2 s, and waits for a fresh one being written', async () => {
    const dir = tempDir();
    const file = path.join(dir, LOCK_FILE);
    writeFileSync(file, '');
    let clock = Date.now();
    const deps: LockDeps = { pid: process.pid, alive: holderAlive, now: () => (clock += 500) };
    const r = await DataDirLock.acquire(dir, 'serve', deps);
    if (!r.ok) throw new Error(r.reason);
    expect(readLock(dir).pid).toBe(process.pid);
    await r.lock.release();
    writeFileSync(file, 'not json');
    const old = (Date.now() - 60_000) / 1000;
    utimesSync(file, old, old);
    const r2 = await DataDirLock.acquire(dir, 'serve');
    if (!r2.ok) throw new Error(r2.reason);
    await r2.lock.release();
  });

  it('lets exactly one of several staggered starters take over the same stale lock (20 rounds)', async () => {
    const dir = tempDir();
    const dead = deadPid();
    for (let round = 0; round < 20; round++) {
      writeLock(dir, { pid: dead });
      const pids = [1, 2, 3, 4, 5, 6].map((i) => 900_000 + round * 10 + i);
      const alive = (h: LockHolder) => pids.includes(h.pid);
      const results = await Promise.all(
        pids.map(async (pid, i) => {
          await new Promise((r) => setTimeout(r, (i * 7 + round) % 12));
          return DataDirLock.acquire(dir, 'serve', { pid, alive, now: Date.now });
        }),
      );
      const winners = results.filter((r) => r.ok);
      expect(winners, `round ${round}`).toHaveLength(1);
      expect(results.filter((r) => !r.ok && r.code === 'in-use')).toHaveLength(5);
      expect(readLock(dir).pid).toBe(winners[0]!.ok && winners[0]!.lock.info.pid);
    }
  });

  it('publishes the origin and a 0600 launch key; a link minted from it is redeemed by the holder once; release removes both, and leaves a lock that is not ours', async () => {
    const dir = tempDir();
    const r = await DataDirLock.acquire(dir, 'serve');
    if (!r.ok) throw new Error(r.reason);
    const key = LaunchTokens.randomKey();
    await r.lock.publish('http://127.0.0.1:4321', key);
    expect(statSync(path.join(dir, LAUNCH_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(readLock(dir).origin).toBe('http://127.0.0.1:4321');
    const t = await attachTarget(dir);
    if (t.kind !== 'link') throw new Error(`expected a link, got ${t.kind}`);
    const url = new URL(t.url);
    expect(url.origin).toBe('http://127.0.0.1:4321');
    const tokens = new LaunchTokens(key);
    expect(tokens.redeem(url.searchParams.get('token')!)).toBe(true);
    expect(tokens.redeem(url.searchParams.get('token')!)).toBe(false);
    await r.lock.release();
    expect(existsSync(path.join(dir, LAUNCH_KEY_FILE))).toBe(false);
    expect(await attachTarget(dir)).toEqual({ kind: 'none' });

    const mine = await DataDirLock.acquire(dir, 'serve');
    if (!mine.ok) throw new Error(mine.reason);
    writeLock(dir, { pid: process.ppid }); // someone took it over meanwhile (we were judged dead)
    await mine.lock.release();
    expect(readLock(dir).pid).toBe(process.ppid);
  });
});
