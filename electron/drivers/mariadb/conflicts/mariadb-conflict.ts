import type { ConflictEvent, ConflictKind, ConflictVersion } from '../../../../shared/model/conflict';
import { formatGtid, type Gtid } from '../gtid';
import type { ServerAddress } from '../server-address';
import type { FailingGroup } from './failing-event';
import { formatKey, type KeyValues, type RowValue } from './row-key';
import { tableText, type TableName } from './sql';
import { ER_DUP_ENTRY } from './stopped-channel';

/** Said on every MariaDB conflict: what the inbox cannot know. */
export const ORIGIN_ROW_NOTE =
  'The origin row is read from the origin server now, by key: it may differ from the row in the failing event (later changes on the origin). ' +
  'The event’s own before/after image is only in the binary row event (complete with binlog_format=ROW and binlog_row_image=FULL on the origin); ' +
  'ReplicaDesk does not decode row events. MariaDB keeps no commit time per row: both versions show 0.';

/** What we know about one SQL thread stopped on a conflict, and what resolving it needs. */
export interface MdbConflict {
  id: string;
  /** The stopped server (node id) and how it is reached. */
  replicaId: string;
  replica: ServerAddress;
  channel: string;
  originId: string;
  origin: ServerAddress;
  errno: number;
  error: string;
  /** The stop's identity (stopped-channel.ts stopKey). */
  stop: string;
  group: FailingGroup | null;
  table: TableName | null;
  key: KeyValues | null;
  local: RowValue | null;
  remote: RowValue | null;
  /** @@gtid_slave_pos of the replica when it was read. */
  slavePos: Gtid[];
  /** @@gtid_binlog_pos and @@gtid_strict_mode of the replica when it was read. */
  binlogPos: Gtid[];
  strictMode: boolean;
  /** Channels of the replica whose threads ran when read: stopped and started again around SET GLOBAL gtid_slave_pos. */
  channels: string[];
  kind: ConflictKind;
  notes: string[];
  detectedAt: number;
  /** Everything found (else looked at again later). */
  complete: boolean;
}

export function conflictIdOf(replicaId: string, channel: string, gtid: Gtid | null, stopAt: string): string {
  return `mdb:${replicaId}:${channel === '' ? 'default' : channel}:${gtid ? formatGtid(gtid) : stopAt}`;
}

export function kindOf(errno: number, group: FailingGroup | null): ConflictKind {
  const op = group?.failed?.op;
  if (errno === ER_DUP_ENTRY) return op === 'update' ? 'update-update' : 'insert-insert';
  return op === 'update' || op === 'delete' ? 'update-delete' : 'apply-error';
}

/** The inbox event: the replica's row and the origin's row by the same key. */
export function toEvent(c: MdbConflict, clusterId: string, status: ConflictEvent['status'], resolution: ConflictEvent['resolution'] = null): ConflictEvent {
  const local: ConflictVersion = { nodeId: c.replicaId, value: c.local, committedAt: 0, versionVector: null, origin: c.replicaId, position: null };
  const remote: ConflictVersion = {
    nodeId: c.originId,
    value: c.remote,
    committedAt: 0,
    versionVector: null,
    origin: c.originId,
    position: c.group ? formatGtid(c.group.gtid) : null,
  };
  return {
    id: c.id,
    clusterId,
    target: { table: c.table ? tableText(c.table) : '(unknown table)', key: c.key ? formatKey(c.key) : '(unknown key)' },
    kind: c.kind,
    detectedAt: c.detectedAt,
    versions: [local, remote],
    suggestion: null,
    status,
    resolution,
    notes: c.notes,
  };
}
