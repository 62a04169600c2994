import { createHmac, timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { writeFileAtomic } from '../settings/secret-store';

/** The last entry written (seq -1 and the genesis hash for an empty log), kept apart from the log. */
export interface AuditHead {
  seq: number;
  hash: string;
}

export type HeadReading = { kind: 'ok'; head: AuditHead } | { kind: 'missing' } | { kind: 'bad'; reason: string };

const macOf = (key: Buffer, h: AuditHead) => createHmac('sha256', key).update(`replicadesk-audit-head\n${h.seq}\n${h.hash}`).digest();

/**
 * The head file (`audit.head.json`), MACed with the audit key: removing the
 * log's last entries, or the whole log, no longer matches it, and it cannot be
 * rewritten to match without the key.
 */
export class AuditHeadFile {
  constructor(private readonly file: string) {}

  async write(key: Buffer, head: AuditHead): Promise<void> {
    await writeFileAtomic(this.file, `${JSON.stringify({ ...head, mac: macOf(key, head).toString('hex') })}\n`, 0o600);
  }

  async read(key: Buffer): Promise<HeadReading> {
    let raw: string;
    try {
      raw = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
      return { kind: 'bad', reason: `the audit head ${this.file} cannot be read: ${(error as Error).message}` };
    }
    let parsed: { seq?: unknown; hash?: unknown; mac?: unknown };
    try {
      parsed = JSON.parse(raw) as typeof parsed;
    } catch {
      return { kind: 'bad', reason: `the audit head ${this.file} is not JSON` };
    }
    const { seq, hash, mac } = parsed;
    if (typeof seq !== 'number' || typeof hash !== 'string' || typeof mac !== 'string' || !/^[0-9a-f]{64}$/.test(mac)) {
      return { kind: 'bad', reason: `the audit head ${this.file} is not a head record` };
    }
    const head = { seq, hash };
    if (!timingSafeEqual(macOf(key, head), Buffer.from(mac, 'hex'))) return { kind: 'bad', reason: `the audit head ${this.file} was altered (its MAC does not match)` };
    return { kind: 'ok', head };
  }
}
