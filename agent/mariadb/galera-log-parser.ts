import { GALERA_QUERY_MAX_CHARS, type GaleraConflictRecord, type GaleraConflictThread } from '../../shared/engines/galera-conflict';
import { certificationRecord, isCertificationLine } from './galera-cert-line';

/** `2026-12-07 14:15:11 2 [Note] WSREP: …`: timestamp, thread id, level, message. */
const HEADER = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) +(\d+) \[(\w+)\] (.*)$/;
const THD = /^\s+THD: (\d+), mode: ([^,]{1,40}), state: ([^,]{1,40}), conflict: ([^,]{1,40}), seqno: (-?\d+)\s*$/;
const SQL = /^\s+SQL: (.*)$/;
const MDL = /^WSREP: MDL conflict db=(\S{1,64}) table=(\S{1,64}) ticket=\S+ solved by abort/;
/** Where MariaDB's query buffer ends and what lies past it begins (it logs the applier's buffer past the query). */
function firstNonPrintable(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f || c === 0xfffd) return i;
  }
  return -1;
}
const MAX_MDL_REMEMBERED = 64;

interface OpenBlock {
  loggedAt: string;
  section: 'none' | 'winner' | 'victim';
  winner: GaleraConflictThread | null;
  victim: GaleraConflictThread | null;
  ignored: number;
}

/**
 * Reads Galera conflicts out of MariaDB's error log, one line at a time (display text only: nothing here
 * is ever used to build SQL). Measured on 10.11.19 + galera-4 4.23 with `wsrep_log_conflicts=ON`:
 * ```
 * … 2 [Note] WSREP: cluster conflict due to high priority abort for threads:
 * … 2 [Note] WSREP: Winning thread:
 *    THD: 2, mode: high priority, state: exec, conflict: executing, seqno: 7
 *    SQL: UPDATE rd.t SET v = v + 100 WHERE id = 1<bytes past the query>
 * … 2 [Note] WSREP: Victim thread:
 *    THD: 12, mode: local, state: idle, conflict: executing, seqno: -1
 *    SQL: NULL
 * … 2 [Note] WSREP: context: ./storage/innobase/handler/ha_innodb.cc:18834
 * ```
 * A line inside a block that cannot be read is counted (`ignoredLines`), never thrown on.
 */
export class GaleraLogParser {
  private block: OpenBlock | null = null;
  private readonly mdlByThread = new Map<number, string>();
  /** Lines inside conflict blocks (or conflict lines) that could not be read, since start. */
  ignoredLines = 0;

  /** The records this line completes (usually none or one). `cut`: the tail cut the line at its length cap. */
  feed(text: string, cut = false): GaleraConflictRecord[] {
    const out: GaleraConflictRecord[] = [];
    const h = HEADER.exec(text);
    if (!h) {
      if (this.block) this.continuation(this.block, text, cut);
      return out;
    }
    const [, loggedAt, thread, , message] = h as unknown as [string, string, string, string, string];
    if (message.startsWith('WSREP: cluster conflict due to high priority abort')) {
      this.close(out);
      this.block = { loggedAt, section: 'none', winner: null, victim: null, ignored: cut ? 1 : 0 };
    } else if (this.block && message.startsWith('WSREP: Winning thread:')) {
      this.block.section = 'winner';
    } else if (this.block && message.startsWith('WSREP: Victim thread:')) {
      this.block.section = 'victim';
    } else if (this.block && message.startsWith('WSREP: context:')) {
      this.close(out);
    } else if (MDL.test(message)) {
      const m = MDL.exec(message)!;
      this.rememberMdl(Number(thread), `${m[1]}.${m[2]}`);
    } else if (isCertificationLine(message)) {
      const rec = certificationRecord(loggedAt, message);
      if (rec === 'unreadable' || cut) this.ignoredLines += 1;
      if (rec !== 'unreadable' && rec !== 'not-local') out.push({ ...rec, ignoredLines: cut ? 1 : 0 });
    }
    return out;
  }

  /** Ends a block left open (no `context:` line yet), e.g. when the log went quiet. */
  flush(): GaleraConflictRecord[] {
    const out: GaleraConflictRecord[] = [];
    this.close(out);
    return out;
  }

  private continuation(b: OpenBlock, text: string, cut: boolean): void {
    const thd = THD.exec(text);
    const sql = SQL.exec(text);
    if (cut && !sql) b.ignored += 1;
    else if (thd && b.section !== 'none') {
      const [, id, mode, state, conflict, seqno] = thd as unknown as [string, string, string, string, string, string];
      const n = Number(seqno);
      b[b.section] = { thread: Number(id), mode: mode.trim(), state: state.trim(), conflict: conflict.trim(), seqno: n < 0 ? null : n, query: null, queryCut: false };
    } else if (sql && b.section !== 'none' && b[b.section]) {
      b[b.section] = { ...b[b.section]!, ...displayQuery(sql[1]!, cut) };
    } else if (text.trim() !== '') b.ignored += 1;
  }

  private close(out: GaleraConflictRecord[]): void {
    const b = this.block;
    this.block = null;
    if (!b) return;
    this.ignoredLines += b.ignored;
    if (!b.victim) {
      this.ignoredLines += 1;
      return;
    }
    const table = b.victim.thread === null ? undefined : this.mdlByThread.get(b.victim.thread);
    if (b.victim.thread !== null) this.mdlByThread.delete(b.victim.thread);
    out.push({ kind: 'brute-force-abort', loggedAt: b.loggedAt, victim: b.victim, winner: b.winner, table: table ?? null, key: null, ignoredLines: b.ignored });
  }

  private rememberMdl(thread: number, table: string): void {
    this.mdlByThread.delete(thread);
    this.mdlByThread.set(thread, table);
    if (this.mdlByThread.size > MAX_MDL_REMEMBERED) this.mdlByThread.delete(this.mdlByThread.keys().next().value!);
  }
}

/** The query as display text: `NULL` is no query; cut at the first non-printable character and at the cap. */
export function displayQuery(raw: string, lineCut: boolean): { query: string | null; queryCut: boolean } {
  if (raw === 'NULL' && !lineCut) return { query: null, queryCut: false };
  const stop = firstNonPrintable(raw);
  let q = stop === -1 ? raw : raw.slice(0, stop);
  let cutHere = stop !== -1 || lineCut;
  if (q.length > GALERA_QUERY_MAX_CHARS) {
    q = q.slice(0, GALERA_QUERY_MAX_CHARS);
    cutHere = true;
  }
  return { query: q.trimEnd(), queryCut: cutHere };
}
