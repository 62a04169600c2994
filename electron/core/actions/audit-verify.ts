import type { AuditEntry } from '../../../shared/model/action';
import { GENESIS_HASH, keyedHash, legacyHash, type AuditLines } from './audit-chain';
import type { HeadReading } from './audit-head';

export type AuditVerdict = { ok: true; entries: number; notes?: string[] } | { ok: false; seq: number; reason: string };

/**
 * Checks the whole log: every line an entry, seqs in order from 0, each
 * prevHash the hash before it, each hash recomputed (HMAC from `keyedFrom`,
 * legacy SHA-256 before), and the last entry the one the MACed head records.
 */
export function verifyAudit(lines: AuditLines, key: { key: Buffer; keyedFrom: number } | null, head: HeadReading | null): AuditVerdict {
  const notes: string[] = [];
  const firstBad = lines.bad[0];
  if (firstBad) {
    const before = lines.entries.filter((e) => e.line < firstBad.line).at(-1);
    const more = lines.bad.length > 1 ? ` (and ${lines.bad.length - 1} more bad line${lines.bad.length > 2 ? 's' : ''}: ${lines.bad.slice(1, 6).map((b) => b.line).join(', ')})` : '';
    return { ok: false, seq: before ? before.entry.seq + 1 : 0, reason: `line ${firstBad.line} of the audit log is ${firstBad.reason}: it was damaged or written by something else${more}` };
  }
  let prev = GENESIS_HASH;
  const keyedFrom = key?.keyedFrom ?? Number.POSITIVE_INFINITY;
  for (const [i, { line, entry: e }] of lines.entries.entries()) {
    if (e.seq !== i) return { ok: false, seq: e.seq, reason: `line ${line}: entry ${i} has seq ${e.seq}: an entry was removed or reordered` };
    if (e.prevHash !== prev) return { ok: false, seq: e.seq, reason: `line ${line}: entry ${e.seq} does not follow entry ${i - 1}` };
    const keyed = e.seq >= keyedFrom;
    const want = keyed && key ? keyedHash(key.key, e) : legacyHash(e);
    if (want !== e.hash) return { ok: false, seq: e.seq, reason: `line ${line}: entry ${e.seq} was altered after it was written (its ${keyed ? 'keyed' : 'legacy'} hash does not match)` };
    prev = e.hash;
  }
  const last: Pick<AuditEntry, 'seq' | 'hash'> = lines.entries.at(-1)?.entry ?? { seq: -1, hash: GENESIS_HASH };
  if (!key) {
    if (lines.entries.length) notes.push(legacyNote(lines.entries.length));
    return { ok: true, entries: lines.entries.length, ...(notes.length ? { notes } : {}) };
  }
  if (key.keyedFrom > 0) notes.push(`${legacyNote(Math.min(key.keyedFrom, lines.entries.length))} Entries from ${key.keyedFrom} on are keyed.`);
  const headProblem = checkHead(head, last, lines.entries.map((x) => x.entry));
  if (headProblem) return headProblem;
  return { ok: true, entries: lines.entries.length, ...(notes.length ? { notes } : {}) };
}

function legacyNote(n: number): string {
  return `entries 0-${n - 1} were written before the log was keyed (plain SHA-256): their chain is intact, but anyone who could write the file then could have rewritten them.`;
}

function checkHead(head: HeadReading | null, last: Pick<AuditEntry, 'seq' | 'hash'>, entries: AuditEntry[]): AuditVerdict | null {
  if (!head || head.kind === 'missing') return { ok: false, seq: last.seq + 1, reason: 'the audit head (audit.head.json) is missing: the end of the log cannot be proven, entries may have been removed' };
  if (head.kind === 'bad') return { ok: false, seq: last.seq + 1, reason: head.reason };
  const h = head.head;
  if (h.seq === last.seq && h.hash === last.hash) return null;
  if (h.seq > last.seq) {
    return { ok: false, seq: last.seq + 1, reason: `the log ends at entry ${last.seq} but the head records entry ${h.seq}: ${h.seq - last.seq} entr${h.seq - last.seq === 1 ? 'y was' : 'ies were'} removed from the end` };
  }
  // The app writes the entry, then the head: a crash in between leaves the head one entry behind.
  if (h.seq === last.seq - 1 && entries[h.seq]?.hash === h.hash) return null;
  if (entries[h.seq]?.hash !== h.hash) return { ok: false, seq: h.seq, reason: `entry ${h.seq} is not the one the head records: the log was rewritten from there` };
  return { ok: false, seq: h.seq + 1, reason: `the head records entry ${h.seq} but the log goes on to ${last.seq}: the head was rolled back, or could not be written` };
}
