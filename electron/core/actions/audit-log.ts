import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { AuditEntry } from '../../../shared/model/action';
import { ownerOnlyFileCodec, type SecretCodec } from '../settings/secret-store';
import { GENESIS_HASH, keyedHash, parseAuditLines, type AuditLines } from './audit-chain';
import { AuditHeadFile, type AuditHead } from './audit-head';
import { AuditKeyStore, type AuditKey } from './audit-key';
import { verifyAudit, type AuditVerdict } from './audit-verify';

export { GENESIS_HASH } from './audit-chain';

type NewEntry = Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>;

export interface AuditLogOptions {
  /** How the audit key is sealed at rest (the app's secret codec); a 0600 file by default. */
  codec?: SecretCodec;
  /** Where the key is kept (default `audit-key.json` beside the log) and the MACed head (`audit.head.json`). */
  keyFile?: string;
  headFile?: string;
}

/**
 * Who did what, when, with which parameters and outcome: one JSON line per
 * entry in an append-only file, each hash an HMAC (key in the secret store)
 * chained to the one before, and the last seq and hash kept apart in a MACed
 * head. A line that is not an entry never stops an append: the next entry
 * follows the last good one, and `verify` names the bad line.
 */
export class AuditLog {
  private last: AuditHead | null = null;
  private key: AuditKey | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly keys: AuditKeyStore;
  private readonly head: AuditHeadFile;

  constructor(
    private readonly file: string,
    opts: AuditLogOptions = {},
  ) {
    const dir = path.dirname(file);
    this.keys = new AuditKeyStore(opts.keyFile ?? path.join(dir, 'audit-key.json'), opts.codec ?? ownerOnlyFileCodec);
    this.head = new AuditHeadFile(opts.headFile ?? path.join(dir, 'audit.head.json'));
  }

  append(entry: NewEntry): Promise<AuditEntry> {
    const run = this.queue.then(async () => {
      const key = await this.openKey();
      const last = this.last ?? tailOf(await this.readLines());
      const base = { ...entry, seq: last.seq + 1, prevHash: last.hash };
      const full: AuditEntry = { ...base, hash: keyedHash(key.key, base) };
      await fs.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
      await fs.appendFile(this.file, `${JSON.stringify(full)}\n`, { mode: 0o600 });
      this.last = { seq: full.seq, hash: full.hash };
      await this.head.write(key.key, this.last);
      return full;
    });
    this.queue = run.catch(() => {});
    return run;
  }

  /**
   * Appends several entries, each chained to the one before as `append` does, in one write of the
   * file and one of the head (a bulk resolution's batch: one entry per conflict, one file write).
   */
  appendMany(entries: NewEntry[]): Promise<AuditEntry[]> {
    const run = this.queue.then(async () => {
      if (entries.length === 0) return [];
      const key = await this.openKey();
      let last = this.last ?? tailOf(await this.readLines());
      const out: AuditEntry[] = [];
      for (const entry of entries) {
        const base = { ...entry, seq: last.seq + 1, prevHash: last.hash };
        const full: AuditEntry = { ...base, hash: keyedHash(key.key, base) };
        out.push(full);
        last = { seq: full.seq, hash: full.hash };
      }
      await fs.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
      await fs.appendFile(this.file, out.map((e) => `${JSON.stringify(e)}\n`).join(''), { mode: 0o600 });
      this.last = last;
      await this.head.write(key.key, this.last);
      return out;
    });
    this.queue = run.catch(() => {});
    return run;
  }

  /** Every readable entry, in file order; lines that are not entries are left out (verify reports them). */
  async list(): Promise<AuditEntry[]> {
    return (await this.readLines()).entries.map((e) => e.entry);
  }

  /** Checks every link of the chain and the head; names the first entry or line that was altered, removed or reordered. */
  async verify(): Promise<AuditVerdict> {
    try {
      await this.queue;
      const key = await this.openKey();
      return verifyAudit(await this.readLines(), key, await this.head.read(key.key));
    } catch (error) {
      return { ok: false, seq: -1, reason: `the audit log cannot be read: ${String(error)}` };
    }
  }

  /**
   * The key, created at first use. A log written before keys existed keeps its
   * legacy SHA-256 entries; keyed entries start after them and chain to the
   * last legacy hash, so the legacy part cannot be rewritten from then on.
   */
  private async openKey(): Promise<AuditKey> {
    if (this.key) return this.key;
    const existing = await this.keys.load();
    if (existing) return (this.key = existing);
    const lines = await this.readLines();
    const tail = tailOf(lines);
    this.key = await this.keys.create(tail.seq + 1);
    await this.head.write(this.key.key, tail);
    return this.key;
  }

  private async readLines(): Promise<AuditLines> {
    try {
      return parseAuditLines(await fs.readFile(this.file, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], bad: [] };
      throw error;
    }
  }
}

/** The last good entry: the next one follows it, whatever bad lines come after. */
function tailOf(lines: AuditLines): AuditHead {
  const last = lines.entries.at(-1)?.entry;
  return last ? { seq: last.seq, hash: last.hash } : { seq: -1, hash: GENESIS_HASH };
}
