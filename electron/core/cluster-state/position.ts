/**
 * A node's `position` text compared across nodes, whatever the engine: an LSN (`16/B374D848`), a log index
 * (`1234`) or a GTID list (`0-1-105,1-2-7`, one `domain-server-seq` per domain). Pure.
 */

/** An LSN or a log index as a number to compare; null when neither. */
export function positionValue(text: string | null | undefined): bigint | null {
  if (!text) return null;
  const lsn = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text);
  if (lsn) return (BigInt(`0x${lsn[1]}`) << 32n) + BigInt(`0x${lsn[2]}`);
  return /^\d{1,20}$/.test(text) ? BigInt(text) : null;
}

const GTID = /^(\d{1,10})-(\d{1,10})-(\d{1,20})$/;

/** A GTID list as the highest sequence per domain; null when the text is not one (or is empty: nothing to compare). */
export function gtidSeqs(text: string | null | undefined): Map<string, bigint> | null {
  if (!text || !text.trim()) return null;
  const out = new Map<string, bigint>();
  for (const part of text.split(',')) {
    const m = GTID.exec(part.trim());
    if (!m) return null;
    const seq = BigInt(m[3]!);
    const had = out.get(m[1]!);
    if (had === undefined || seq > had) out.set(m[1]!, seq);
  }
  return out;
}

/** The furthest sequence per domain over several GTID lists. */
export function furthestSeqs(lists: readonly Map<string, bigint>[]): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const l of lists) for (const [d, s] of l) if ((out.get(d) ?? -1n) < s) out.set(d, s);
  return out;
}

/** Transactions `have` lacks of `furthest`, summed over the domains (a domain never seen counts from 0). */
export function gtidBehind(furthest: ReadonlyMap<string, bigint>, have: ReadonlyMap<string, bigint>): bigint {
  let total = 0n;
  for (const [d, s] of furthest) {
    const gap = s - (have.get(d) ?? 0n);
    if (gap > 0n) total += gap;
  }
  return total;
}
