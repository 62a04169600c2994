import { randomBytes } from 'node:crypto';
import { SecretStore, type SecretCodec } from '../settings/secret-store';

/** The audit chain's HMAC key, and the first entry it covers (earlier ones are a legacy SHA-256 chain). */
export interface AuditKey {
  key: Buffer;
  keyedFrom: number;
}

/**
 * Keeps the audit key in the app's secret store (sealed like the cluster
 * passwords: safeStorage in Electron, a 0600 file in browser mode), in its own
 * file so saving cluster settings never rewrites it.
 */
export class AuditKeyStore {
  private readonly store: SecretStore;
  private cached: AuditKey | null = null;

  constructor(file: string, codec: SecretCodec) {
    this.store = new SecretStore(file, codec);
  }

  async load(): Promise<AuditKey | null> {
    if (this.cached) return this.cached;
    const all = await this.store.read();
    const a = all.audit;
    if (!a?.key || !/^[0-9a-f]{64}$/.test(a.key) || !/^\d+$/.test(a.keyedFrom ?? '')) return null;
    this.cached = { key: Buffer.from(a.key, 'hex'), keyedFrom: Number(a.keyedFrom) };
    return this.cached;
  }

  /** A new random key; entries from `keyedFrom` on are keyed with it. */
  async create(keyedFrom: number): Promise<AuditKey> {
    const all = await this.store.read();
    const key = randomBytes(32);
    await this.store.write({ ...all, audit: { key: key.toString('hex'), keyedFrom: String(keyedFrom), createdAt: new Date().toISOString() } });
    this.cached = { key, keyedFrom };
    return this.cached;
  }
}
