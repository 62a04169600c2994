import { canonical } from '../../../core/conflicts/convergence';
import type { NodeConnection } from '../node-connection';
import type { ConflictGroup } from './conflict-group';
import type { Observation } from './observation';

/**
 * One overturn ReplicaDesk wrote. Written on one node, it reaches the others
 * as a change from that node; where their row was written by another node
 * (the version the engine kept), pglogical's apply logs it as a fresh
 * update/update (or insert/insert) conflict: the "echo" of the overturn.
 */
export interface OverturnWrite {
  /** The decision overturned. */
  conflictId: string;
  /** `schema.name` and key as the observations print them (tableText, formatKey). */
  tableText: string;
  keyText: string;
  /** The row written (column → value as to_jsonb gives it); null: the row was deleted. */
  row: Record<string, unknown> | null;
  /** The pglogical node name of the node it was written on. */
  writtenOn: string;
  /** pg_current_wal_lsn() on that node just before the write (null: not readable). */
  lsnBefore: string | null;
  /** App clock when it was written. */
  at: number;
  /** The write's commit LSN on its node, as the first echo logs it: every later echo has the same. */
  commitLsn: string | null;
}

/** An echo arrives within seconds; after this long an entry is forgotten. */
export const ECHO_WINDOW_MS = 10 * 60_000;
const MAX_WRITES = 100_000;

/** "0/15E71B8" → a comparable number; null for anything else. */
export function lsnValue(lsn: string | null | undefined): bigint | null {
  const m = lsn ? /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(lsn) : null;
  return m ? (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`) : null;
}

/** Whether the incoming row of `o` is exactly the row written, column by column of the logging node's catalog. */
function sameRow(o: Observation, row: Record<string, unknown> | null): boolean {
  if (row === null) return o.kind === 'delete-delete';
  if (o.remote.value === null || !o.remote.exact) return false;
  const cols = o.table.columns.map((c) => c.name);
  return cols.every((c) => canonical(o.remote.value![c] ?? null) === canonical(row[c] ?? null));
}

/**
 * Whether `o` is `w` coming back: same table and key, the incoming (remote)
 * row exactly the row written, sent by the node it was written on, committed
 * after the write (its commit LSN on that node at or past the LSN read just
 * before; once pinned, the same commit LSN), within the window. Pure.
 */
export function isEcho(w: OverturnWrite, o: Observation): boolean {
  if (o.error || o.tableText !== w.tableText || o.keyText !== w.keyText) return false;
  if (o.remote.origin !== w.writtenOn || !sameRow(o, w.row)) return false;
  if (o.at > w.at + ECHO_WINDOW_MS) return false;
  if (w.commitLsn !== null) return o.commitLsn === w.commitLsn;
  const before = lsnValue(w.lsnBefore);
  const commit = lsnValue(o.commitLsn);
  // Without both LSNs only the window tells: a line logged before the write cannot be its echo.
  if (before === null || commit === null) return o.at >= w.at - 5_000;
  return commit >= before;
}

/** The overturns written recently, matched against the conflicts read afterwards. */
export class OverturnLedger {
  private writes: OverturnWrite[] = [];

  constructor(private readonly now: () => number) {}

  remember(w: Omit<OverturnWrite, 'commitLsn'>): void {
    this.writes.push({ ...w, commitLsn: null });
    this.prune();
  }

  /** A write that failed makes no echo. */
  forget(conflictId: string): void {
    this.writes = this.writes.filter((w) => w.conflictId !== conflictId || w.commitLsn !== null);
  }

  /** The overturn `o` echoes (its commit LSN pinned on the first match), or null. */
  match(o: Observation): OverturnWrite | null {
    this.prune();
    for (let i = this.writes.length - 1; i >= 0; i -= 1) {
      const w = this.writes[i]!;
      if (!isEcho(w, o)) continue;
      w.commitLsn ??= o.commitLsn;
      return w;
    }
    return null;
  }

  size(): number {
    return this.writes.length;
  }

  private prune(): void {
    const oldest = this.now() - ECHO_WINDOW_MS;
    if (this.writes.length && (this.writes[0]!.at < oldest || this.writes.length > MAX_WRITES)) {
      this.writes = this.writes.filter((w) => w.at >= oldest).slice(-MAX_WRITES);
    }
  }
}

/**
 * How an echo is recorded: applied on every node that logged it, it is ReplicaDesk's own overturn
 * replicating (review accepted, nothing to do); kept out by a node (first_update_wins, keep_local kept
 * its own row there), it stays to review: the overturn did not take effect on that node.
 */
export function echoVerdict(w: OverturnWrite, observations: readonly Observation[]): { settled: boolean; how: string; note: string } {
  const refused = [...new Set(observations.filter((o) => o.kept !== 'remote').map((o) => o.loggedOn))];
  if (refused.length === 0) {
    return {
      settled: true,
      how: `ReplicaDesk’s own overturn replicating (written on ${w.writtenOn} for decision ${w.conflictId}): applied, nothing to review`,
      note: `This conflict is ReplicaDesk’s own overturn of ${w.conflictId} reaching the other nodes: their apply met the row the engine had kept and took the overturn.`,
    };
  }
  const policy = observations.find((o) => o.kept !== 'remote')?.policy ?? 'the policy in force';
  return {
    settled: false,
    how: '',
    note: `ReplicaDesk’s overturn of ${w.conflictId} (written on ${w.writtenOn}) was not applied on ${refused.join(', ')}: under ${policy} that node kept its own row. Overturn again, or change the policy.`,
  };
}

/** Records on `g` (a conflict `w` echoes) whether it is settled or left to review, with the note saying why. */
export function recordEcho(g: ConflictGroup, w: OverturnWrite, now: number): void {
  const v = echoVerdict(w, g.observations);
  g.notes = [v.note];
  g.review = v.settled ? 'accepted' : 'pending';
  g.resolution = v.settled ? { at: now, by: 'replicadesk', how: v.how, value: w.row } : null;
}

/**
 * Before overturns are written on a node (pglogical name `writtenOn`): each is remembered with the
 * table, key and row of its decision and the node's WAL position now, so that its echo is recognised.
 */
export async function rememberWrites(ledger: OverturnLedger, conn: NodeConnection | null, writtenOn: string | null, groups: readonly ConflictGroup[], rows: { id: string; value: unknown }[], now: number): Promise<void> {
  if (!writtenOn) return;
  const lsn = conn ? await conn.query<{ lsn: string }>(`SELECT pg_current_wal_lsn()::text AS lsn`, new AbortController().signal) : null;
  const lsnBefore = lsn?.ok ? (lsn.value[0]?.lsn ?? null) : null;
  const byId = new Map(groups.map((g) => [g.id, g]));
  for (const r of rows) {
    const g = byId.get(r.id);
    const row = r.value === null || typeof r.value !== 'object' ? null : (r.value as Record<string, unknown>);
    if (g) ledger.remember({ conflictId: g.id, tableText: g.first.tableText, keyText: g.first.keyText, row, writtenOn, lsnBefore, at: now });
  }
}
