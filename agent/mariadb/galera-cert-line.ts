import type { GaleraConflictRecord } from '../../shared/engines/galera-conflict';

/**
 * Galera's own line for a certification failure (provider option `cert.log_conflicts=YES`; off by default),
 * measured on galera-4 4.23. Every node certifies every write set, so every node logs it; the node whose
 * client lost has `local: 1` in the first part (the failing write set), `<--->`, then the earlier write set
 * it conflicts with:
 * `WSREP: UP-UP trx conflict for key (2,FLAT8)866807a3 303bd5fd: source: <uuid> version: 6 local: 1 flags: 65
 *  conn_id: 12 trx_id: 51 tstamp: …; state:  seqnos (l: 24, g: 21, s: 19, d: 5) … <---> source: <uuid> version: 6
 *  local: 0 flags: 65 conn_id: 12 trx_id: 59 tstamp: …; state:  seqnos (l: 23, g: 20, s: 19, d: 18) …`
 */
const CERT = /trx conflict for key (.{1,200}?): source: \S+ version: \d+ local: (\d) flags: \d+ conn_id: (\d+) trx_id: \d+ .*?seqnos \(l: -?\d+, g: (-?\d+)/;
const OTHER = /<--->.*?local: (\d) flags: \d+ conn_id: (\d+) .*?seqnos \(l: -?\d+, g: (-?\d+)/;

export function isCertificationLine(message: string): boolean {
  return message.startsWith('WSREP: ') && message.includes('trx conflict for key');
}

/** The record when this node's client lost; `not-local` when the failing write set came from another node. */
export function certificationRecord(loggedAt: string, message: string): Omit<GaleraConflictRecord, 'ignoredLines'> | 'not-local' | 'unreadable' {
  const m = CERT.exec(message);
  if (!m) return 'unreadable';
  const [, key, local, connId, seqno] = m as unknown as [string, string, string, string, string];
  if (local !== '1') return 'not-local';
  const o = OTHER.exec(message);
  const seq = (s: string) => (Number(s) < 0 ? null : Number(s));
  return {
    kind: 'certification-failure',
    loggedAt,
    victim: { thread: Number(connId), mode: 'local', state: null, conflict: 'certifying', seqno: seq(seqno), query: null, queryCut: false },
    winner: o ? { thread: null, mode: o[1] === '1' ? 'local' : null, state: null, conflict: null, seqno: seq(o[3]!), query: null, queryCut: false } : null,
    table: null,
    key,
  };
}
