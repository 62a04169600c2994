import type { InDoubt, Lock, LockingSnapshot, NodeLocking, PreparedXact } from '../../../shared/model/locking';
import { assertNever } from '../../../shared/result';

/**
 * Where a gid stands on one node: prepared there (and COMMIT/ROLLBACK PREPARED
 * can run there), a standby replaying its primary (it cannot act), already
 * resolved there while still prepared elsewhere, never there, or unread.
 */
export type CellState = 'prepared' | 'replaying' | 'resolved' | 'absent' | 'unread';

export interface InDoubtCell {
  nodeId: string;
  state: CellState;
  prepared: PreparedXact | null;
  canAct: boolean;
  /** Why nothing can be done here (or the read error). */
  note: string | null;
}

export interface InDoubtRow {
  gid: string;
  entry: InDoubt;
  cells: InDoubtCell[];
  /** The copy shown in the summary columns: a writable node's, else a standby's. */
  lead: PreparedXact | null;
  /** Locks held on writable nodes, each labelled with its node. */
  locks: Array<Lock & { nodeId: string }>;
  /** Sessions it blocks, across nodes (pid with its node). */
  blocks: Array<{ nodeId: string; pid: number }>;
  holdsXminHorizon: boolean;
}

function cellOf(node: NodeLocking, entry: InDoubt): InDoubtCell {
  const base = { nodeId: node.nodeId, prepared: null, canAct: false };
  if (node.error) return { ...base, state: 'unread', note: node.error };
  const p = node.prepared.find((x) => x.gid === entry.gid) ?? null;
  // A standby replays whatever its primary decides (PostgreSQL does not list replayed prepared transactions there).
  if (node.inRecovery) return { ...base, prepared: p, state: 'replaying', note: 'a standby: it cannot commit or roll back; it replays the outcome from its primary' };
  if (p) return { ...base, prepared: p, state: 'prepared', canAct: true, note: null };
  if (entry.missingOn.includes(node.nodeId)) return { ...base, state: 'resolved', note: 'committed or rolled back here already' };
  return { ...base, state: 'absent', note: null };
}

/** One row per gid (the snapshot's order: oldest first), with a cell for every node. */
export function inDoubtRows(snapshot: LockingSnapshot): InDoubtRow[] {
  return snapshot.inDoubt.map((entry) => {
    const cells = snapshot.nodes.map((n) => cellOf(n, entry));
    const acting = cells.filter((c) => c.state === 'prepared');
    const lead = acting[0]?.prepared ?? cells.find((c) => c.prepared)?.prepared ?? null;
    return {
      gid: entry.gid,
      entry,
      cells,
      lead,
      locks: acting.flatMap((c) => (c.prepared?.locks ?? []).map((l) => ({ ...l, nodeId: c.nodeId }))),
      blocks: acting.flatMap((c) => (c.prepared?.blocks ?? []).map((pid) => ({ nodeId: c.nodeId, pid }))),
      holdsXminHorizon: acting.some((c) => c.prepared?.holdsXminHorizon === true),
    };
  });
}

/** Over the age limit: as the core judged it, or since then by the clock. */
export function inDoubtOverAge(entry: InDoubt, preparedAgeMs: number, now: number): boolean {
  return entry.overAge || now - entry.oldestPreparedAt > preparedAgeMs;
}

export function cellLabel(state: CellState): string {
  switch (state) {
    case 'prepared':
      return 'prepared';
    case 'replaying':
      return 'standby · replays';
    case 'resolved':
      return 'resolved here';
    case 'absent':
      return 'not here';
    case 'unread':
      return 'not read';
    default:
      return assertNever(state, 'in-doubt cell state');
  }
}
