import type { ReplicationSlot } from '../../../shared/model/slot';
import type { NodeReading } from './node-reading';

export function slotsOf(nodeId: string, r: NodeReading): ReplicationSlot[] {
  return r.slots.map((s) => ({
    nodeId,
    name: s.name,
    kind: s.kind === 'logical' ? 'logical' : 'physical',
    active: s.active,
    retainedBytes: s.retainedBytes === null ? null : Math.max(0, s.retainedBytes),
    walStatus: s.walStatus,
    database: s.database,
  }));
}

function mb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${bytes} bytes`;
}

/** Inactive slots keep WAL forever (the disk fills up); lost slots need their consumer rebuilt. */
export function slotWarnings(slots: readonly ReplicationSlot[]): string[] {
  const out: string[] = [];
  for (const s of slots) {
    if (s.walStatus === 'lost') {
      out.push(`slot "${s.name}" on ${s.nodeId} is lost (the WAL it needed was removed): its consumer must be re-cloned, then drop the slot`);
    } else if (!s.active && (s.retainedBytes ?? 0) > 0) {
      out.push(
        `slot "${s.name}" on ${s.nodeId} is inactive and retains ${mb(s.retainedBytes ?? 0)} of WAL: if its consumer is gone, run SELECT pg_drop_replication_slot('${s.name.replaceAll("'", "''")}');`,
      );
    }
  }
  return out;
}
