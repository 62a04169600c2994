import { z } from 'zod';
import type { NodeLocking } from '../../../../shared/model/locking';
import { parseOrFail } from '../../../../shared/validate';
import type { Result } from '../../../../shared/result';
import { ok } from '../../../../shared/result';

const ms = z.number().nullable();
const RawLock = z.object({ locktype: z.string(), target: z.string(), mode: z.string(), granted: z.boolean() });
const RawPrepared = z.object({
  gid: z.string(),
  xid: z.string(),
  prepared: z.number(),
  owner: z.string(),
  database: z.string(),
  xid_age: z.number(),
  oldest: z.boolean().nullable(),
  locks: z.array(RawLock),
});
const RawSession = z.object({
  pid: z.number(),
  user: z.string().nullable(),
  database: z.string().nullable(),
  application: z.string().nullable(),
  client: z.string().nullable(),
  state: z.string().nullable(),
  wait_type: z.string().nullable(),
  wait: z.string().nullable(),
  query: z.string().nullable(),
  backend_start: ms,
  xact_start: ms,
  query_start: ms,
  state_change: ms,
  blocked_by: z.array(z.number()),
  blocked_by_prepared: z.array(z.string()),
});
const RawConflicts = z.object({
  database: z.string(),
  tablespace: z.coerce.number(),
  lock: z.coerce.number(),
  snapshot: z.coerce.number(),
  bufferpin: z.coerce.number(),
  deadlock: z.coerce.number(),
});
export const RawLockingRow = z.object({
  server_now: z.number(),
  in_recovery: z.boolean(),
  max_prepared: z.number(),
  prepared: z.array(RawPrepared),
  sessions: z.array(RawSession),
  standby_conflicts: z.array(RawConflicts),
});

/** Shown when pg_blocking_pids names a prepared blocker whose lock could not be matched to a gid. */
export const UNMATCHED_PREPARED = '(a prepared transaction)';

/**
 * Turns the locking statement's row into the model. Server timestamps are
 * moved onto the app's clock (`readAt` - `server_now`), so durations computed
 * in the UI are right even when the server's clock is off.
 */
export function parseLocking(nodeId: string, row: unknown, readAt: number): Result<NodeLocking> {
  const parsed = parseOrFail(RawLockingRow, row, `locking reading of ${nodeId}`);
  if (!parsed.ok) return parsed;
  const r = parsed.value;
  const shift = readAt - r.server_now;
  const at = (t: number | null) => (t === null ? null : Math.round(t + shift));
  return ok({
    nodeId,
    readAt,
    error: null,
    inRecovery: r.in_recovery,
    maxPrepared: r.max_prepared,
    prepared: r.prepared.map((p) => ({
      nodeId,
      gid: p.gid,
      xid: p.xid,
      preparedAt: Math.round(p.prepared + shift),
      owner: p.owner,
      database: p.database,
      xidAge: p.xid_age,
      holdsXminHorizon: p.oldest ?? false,
      locks: p.locks,
      blocks: r.sessions.filter((s) => s.blocked_by_prepared.includes(p.gid)).map((s) => s.pid),
    })),
    sessions: r.sessions.map((s) => ({
      nodeId,
      pid: s.pid,
      user: s.user,
      database: s.database,
      application: s.application ?? '',
      client: s.client,
      state: s.state,
      waitEventType: s.wait_type,
      waitEvent: s.wait,
      query: s.query ?? '',
      backendStartedAt: at(s.backend_start),
      xactStartedAt: at(s.xact_start),
      queryStartedAt: at(s.query_start),
      stateChangedAt: at(s.state_change),
      blockedBy: s.blocked_by.filter((pid) => pid !== 0),
      // pid 0 is a prepared transaction; when no held lock matched, say so rather than drop it.
      blockedByPrepared: s.blocked_by.includes(0) && s.blocked_by_prepared.length === 0 ? [UNMATCHED_PREPARED] : s.blocked_by_prepared,
    })),
    standbyConflicts: r.standby_conflicts,
  });
}

/** A node that could not be read: listed with the reason, nothing else claimed about it. */
export function unreadNode(nodeId: string, readAt: number, error: string): NodeLocking {
  return { nodeId, readAt, error, inRecovery: false, maxPrepared: 0, prepared: [], sessions: [], standbyConflicts: [] };
}
