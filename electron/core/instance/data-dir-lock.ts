import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { holderAlive, processStartTicks } from './process-alive';

/** The lock file in the data directory: which process watches it, and where browsers attach. */
export const LOCK_FILE = 'replicadesk.lock';
/** The launch-link key of the holder's browser-mode server (mode 0600), so `replicadesk link` can mint links. */
export const LAUNCH_KEY_FILE = 'browser-launch.key';
const TAKEOVER_SUFFIX = '.takeover';

const HolderSchema = z.object({
  pid: z.number().int().positive(),
  startTicks: z.string().nullable(),
  mode: z.enum(['serve', 'web', 'desktop']),
  startedAt: z.string(),
  /** The origin of its browser-mode server (`http://127.0.0.1:PORT`), once it listens; null for the desktop app. */
  origin: z.string().nullable(),
});
export type LockHolder = z.infer<typeof HolderSchema>;
export type LockMode = LockHolder['mode'];

export type Acquired =
  | { ok: true; lock: DataDirLock }
  | { ok: false; code: 'in-use'; holder: LockHolder; reason: string }
  | { ok: false; code: 'lock-error'; reason: string };

export interface LockDeps {
  pid: number;
  alive: (h: LockHolder) => boolean;
  now: () => number;
}

const defaultDeps = (): LockDeps => ({ pid: process.pid, alive: holderAlive, now: Date.now });

/**
 * One core per data directory: the history database, the audit chain and the
 * action journal would otherwise be written by two processes. Created with
 * O_EXCL; a lock whose process is gone (dead PID, or a PID reused by another
 * process) is taken over, guarded by a second O_EXCL file so that two
 * starters cannot both take over the same stale lock.
 */
export class DataDirLock {
  private released = false;

  private constructor(
    readonly dataDir: string,
    private holder: LockHolder,
  ) {}

  static async acquire(dataDir: string, mode: LockMode, deps: LockDeps = defaultDeps()): Promise<Acquired> {
    const file = path.join(dataDir, LOCK_FILE);
    const mine: LockHolder = { pid: deps.pid, startTicks: processStartTicks(deps.pid), mode, startedAt: new Date(deps.now()).toISOString(), origin: null };
    for (let attempt = 0; attempt < 100; attempt++) {
      try {
        await fs.writeFile(file, JSON.stringify(mine), { flag: 'wx', mode: 0o600 });
        return { ok: true, lock: new DataDirLock(dataDir, mine) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return { ok: false, code: 'lock-error', reason: `cannot create ${file}: ${(error as Error).message}` };
      }
      const seen = await readHolder(file);
      if (seen.kind === 'holder' && seen.holder.pid !== deps.pid && deps.alive(seen.holder)) {
        return { ok: false, code: 'in-use', holder: seen.holder, reason: inUseMessage(dataDir, seen.holder) };
      }
      // A starter between its O_EXCL create and its write leaves an empty file for a moment.
      if (seen.kind === 'unreadable' && deps.now() - seen.mtimeMs < 2_000) {
        await sleep(50);
        continue;
      }
      const took = await takeOver(file, seen.text, deps.now);
      if (took === 'error') return { ok: false, code: 'lock-error', reason: `cannot take over the stale lock ${file}` };
      if (took === 'busy') await sleep(50);
    }
    return { ok: false, code: 'lock-error', reason: `gave up on the lock ${file} after 100 attempts` };
  }

  get info(): LockHolder {
    return this.holder;
  }

  /** Publishes where browsers attach (the server's origin) and the key that mints its one-time links. */
  async publish(origin: string, launchKey: Buffer): Promise<void> {
    await writePrivate(path.join(this.dataDir, LAUNCH_KEY_FILE), launchKey.toString('base64url'));
    this.holder = { ...this.holder, origin };
    await writePrivate(path.join(this.dataDir, LOCK_FILE), JSON.stringify(this.holder));
  }

  /** Removes the lock and the key file, if the lock is still ours. Idempotent. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    const file = path.join(this.dataDir, LOCK_FILE);
    const seen = await readHolder(file);
    if (seen.kind !== 'holder' || seen.holder.pid !== this.holder.pid || seen.holder.startedAt !== this.holder.startedAt) return;
    await fs.rm(path.join(this.dataDir, LAUNCH_KEY_FILE), { force: true });
    await fs.rm(file, { force: true });
  }
}

/** The live holder of `dataDir`'s lock, or null when there is none (no file, or a stale one). */
export async function liveHolder(dataDir: string, alive: (h: LockHolder) => boolean = holderAlive): Promise<LockHolder | null> {
  const seen = await readHolder(path.join(dataDir, LOCK_FILE));
  return seen.kind === 'holder' && alive(seen.holder) ? seen.holder : null;
}

export async function readLaunchKey(dataDir: string): Promise<Buffer | null> {
  try {
    const key = Buffer.from((await fs.readFile(path.join(dataDir, LAUNCH_KEY_FILE), 'utf8')).trim(), 'base64url');
    return key.length >= 32 ? key : null;
  } catch {
    return null;
  }
}

export function inUseMessage(dataDir: string, h: LockHolder): string {
  const what = h.mode === 'desktop' ? 'the ReplicaDesk desktop app' : h.mode === 'serve' ? '`replicadesk serve`' : 'ReplicaDesk browser mode';
  const where = h.origin ? ` at ${h.origin}` : '';
  return `${what} (pid ${h.pid}, since ${h.startedAt})${where} is already watching ${dataDir}; a second core would write its history and audit log twice. Stop it first, or use another --data-dir.`;
}

type Seen = { kind: 'absent'; text: null } | { kind: 'holder'; holder: LockHolder; text: string } | { kind: 'unreadable'; text: string; mtimeMs: number };

async function readHolder(file: string): Promise<Seen> {
  let text: string;
  let mtimeMs: number;
  try {
    [text, mtimeMs] = await Promise.all([fs.readFile(file, 'utf8'), fs.stat(file).then((s) => s.mtimeMs)]);
  } catch {
    return { kind: 'absent', text: null };
  }
  try {
    const holder = HolderSchema.safeParse(JSON.parse(text));
    if (holder.success) return { kind: 'holder', holder: holder.data, text };
  } catch {
    /* not JSON: unreadable */
  }
  return { kind: 'unreadable', text, mtimeMs };
}

/** Removes the stale lock whose content was `stale`, unless someone else is taking it over or it changed meanwhile. */
async function takeOver(file: string, stale: string | null, now: () => number): Promise<'done' | 'busy' | 'error'> {
  if (stale === null) return 'done'; // gone already: just try to create it again
  const guard = file + TAKEOVER_SUFFIX;
  try {
    await fs.writeFile(guard, String(process.pid), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return 'error';
    // A takeover cut short by a crash leaves its guard: old guards are removed.
    const age = await fs.stat(guard).then((s) => now() - s.mtimeMs, () => 0);
    if (age > 5_000) await fs.rm(guard, { force: true });
    return 'busy';
  }
  try {
    const again = await fs.readFile(file, 'utf8').catch(() => null);
    if (again === stale) await fs.rm(file, { force: true });
    return 'done';
  } finally {
    await fs.rm(guard, { force: true });
  }
}

async function writePrivate(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, text, { mode: 0o600 });
  await fs.chmod(tmp, 0o600);
  await fs.rename(tmp, file);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
