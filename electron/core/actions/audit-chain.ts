import { createHash, createHmac } from 'node:crypto';
import { AuditEntrySchema, type AuditEntry } from '../../../shared/model/action';

export const GENESIS_HASH = '0'.repeat(64);

/** An entry's content and the previous hash, in a fixed key order. */
function canonical(e: Omit<AuditEntry, 'hash'>): string {
  return JSON.stringify([e.seq, e.at, e.actor, e.clusterId, e.action, sortKeys(e.params), e.outcome, e.prevHash]);
}

/** The legacy (unkeyed) hash: SHA-256. Anyone can recompute it, so it proves nothing against a rewrite. */
export function legacyHash(e: Omit<AuditEntry, 'hash'>): string {
  return createHash('sha256').update(canonical(e)).digest('hex');
}

/** The keyed hash: HMAC-SHA256 with the audit key from the secret store. */
export function keyedHash(key: Buffer, e: Omit<AuditEntry, 'hash'>): string {
  return createHmac('sha256', key).update(canonical(e)).digest('hex');
}

export interface AuditLines {
  entries: { line: number; entry: AuditEntry }[];
  /** Lines that are not entries (1-based line numbers), with why. */
  bad: { line: number; reason: string }[];
}

/** Reads the log's lines; a line that is not an entry is reported, never thrown. */
export function parseAuditLines(raw: string): AuditLines {
  const out: AuditLines = { entries: [], bad: [] };
  for (const [i, text] of raw.split('\n').entries()) {
    if (!text.trim()) continue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      out.bad.push({ line: i + 1, reason: `not JSON (${(error as Error).message})` });
      continue;
    }
    const parsed = AuditEntrySchema.safeParse(json);
    if (parsed.success) out.entries.push({ line: i + 1, entry: parsed.data });
    else out.bad.push({ line: i + 1, reason: `not an audit entry (${parsed.error.issues.map((x) => x.path.join('.') || '(root)').join(', ')})` });
  }
  return out;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, sortKeys(x)]));
  }
  return v;
}
