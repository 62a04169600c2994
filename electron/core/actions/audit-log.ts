import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AuditEntrySchema, type AuditEntry } from '../../../shared/model/action';

export const GENESIS_HASH = '0'.repeat(64);

type NewEntry = Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>;

/** The hash of an entry: SHA-256 over its content and the previous hash, in a fixed key order. */
export function hashEntry(e: Omit<AuditEntry, 'hash'>): string {
  const canonical = JSON.stringify([e.seq, e.at, e.actor, e.clusterId, e.action, sortKeys(e.params), e.outcome, e.prevHash]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Who did what, when, with which parameters and outcome: one JSON line per
 * entry in an append-only file, each hash chained to the one before.
 */
export class AuditLog {
  private last: { seq: number; hash: string } | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly file: string) {}

  append(entry: NewEntry): Promise<AuditEntry> {
    const run = this.queue.then(async () => {
      const last = this.last ?? (await this.tail());
      const base = { ...entry, seq: last.seq + 1, prevHash: last.hash };
      const full: AuditEntry = { ...base, hash: hashEntry(base) };
      await fs.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
      await fs.appendFile(this.file, `${JSON.stringify(full)}\n`, { mode: 0o600 });
      this.last = { seq: full.seq, hash: full.hash };
      return full;
    });
    this.queue = run.catch(() => {});
    return run;
  }

  async list(): Promise<AuditEntry[]> {
    let raw = '';
    try {
      raw = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return raw
      .split('\n')
      .filter(Boolean)
      .map((line) => AuditEntrySchema.parse(JSON.parse(line)));
  }

  /** Checks every link of the chain; names the first entry that was altered, removed or reordered. */
  async verify(): Promise<{ ok: true; entries: number } | { ok: false; seq: number; reason: string }> {
    let entries: AuditEntry[];
    try {
      entries = await this.list();
    } catch (error) {
      return { ok: false, seq: -1, reason: `the audit file cannot be read: ${String(error)}` };
    }
    let prev = GENESIS_HASH;
    for (const [i, e] of entries.entries()) {
      if (e.seq !== i) return { ok: false, seq: e.seq, reason: `entry ${i} has seq ${e.seq}: an entry was removed or reordered` };
      if (e.prevHash !== prev) return { ok: false, seq: e.seq, reason: `entry ${e.seq} does not follow entry ${i - 1}` };
      if (hashEntry(e) !== e.hash) return { ok: false, seq: e.seq, reason: `entry ${e.seq} was altered after it was written` };
      prev = e.hash;
    }
    return { ok: true, entries: entries.length };
  }

  private async tail(): Promise<{ seq: number; hash: string }> {
    const all = await this.list();
    const last = all.at(-1);
    return last ? { seq: last.seq, hash: last.hash } : { seq: -1, hash: GENESIS_HASH };
  }
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, sortKeys(x)]));
  }
  return v;
}
