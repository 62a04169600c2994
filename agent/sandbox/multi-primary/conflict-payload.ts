import type { AgentEvent } from '../../../shared/agent/events';
import type { ConflictKind } from '../../../shared/model/conflict';
import type { ConflictRecord } from './conflicts';
import { versionId } from './version';

export type ConflictPayload = NonNullable<AgentEvent['conflict']>;

export const TABLE = 'items';

function kindOf(rec: ConflictRecord): ConflictKind {
  if (rec.versions.some((v) => v.value === null)) return 'update-delete';
  if (rec.versions.every((v) => v.created)) return 'insert-insert';
  return 'update-update';
}

/** A conflict as the app's ConflictEvent (without clusterId, which the app adds). */
export function conflictPayload(rec: ConflictRecord): ConflictPayload {
  return {
    id: rec.id,
    target: { table: TABLE, key: rec.key },
    kind: kindOf(rec),
    detectedAt: rec.detectedAt,
    versions: rec.versions.map((v) => ({
      nodeId: v.origin,
      value: v.value,
      committedAt: v.committedAt,
      versionVector: { ...v.vv },
      origin: v.origin,
      position: versionId(v),
    })),
    suggestion: { ...rec.suggestion },
    status: rec.status,
    resolution: rec.resolution ? { ...rec.resolution } : null,
  };
}

/**
 * The event for a conflict that appeared, changed or ended. The same id is
 * sent again when its versions or status change: consumers upsert by id.
 */
export function conflictEvent(rec: ConflictRecord, nodeId: string, atMs: number): AgentEvent {
  const where = `${TABLE}/${rec.key}`;
  const peers = rec.versions.map((v) => v.origin).join(' vs ');
  const message =
    rec.status === 'open'
      ? `conflict ${rec.id} on ${where}: concurrent writes (${peers}); waiting for a decision`
      : `conflict ${rec.id} on ${where} resolved by ${rec.resolution?.by ?? 'unknown'}: ${rec.resolution?.how ?? ''}`;
  return {
    at: atMs,
    kind: 'conflict-detected',
    severity: rec.status === 'open' ? 'warning' : 'info',
    nodeId,
    message,
    conflict: conflictPayload(rec),
  };
}
