import type { ConflictEvent, ConflictKind, ConflictVersion } from '../../../../shared/model/conflict';
import type { ApplyError } from './jsonlog';
import { tableText, type KeyValues, type LocalTable } from './local-relation';
import type { RemoteChange, RemoteTransaction } from './remote-transaction';
import type { LocalPublication, LocalRow } from './table-rows';
import { formatKey } from './table-rows';
import type { SubscriptionRow } from './subscriptions';

/** Said on every PostgreSQL conflict: what PG15 does not report at all. */
export const PG15_SILENT_NOTE =
  'PostgreSQL 15 reports only conflicts that stop the apply worker (a unique violation, a failed constraint). ' +
  'Update/update and update/delete conflicts are silent: the later change simply overwrites, or an update of a missing row is skipped. ' +
  'Only PostgreSQL 16+/17+ log or count them.';

/** What we know about one apply error: the inbox event and what resolving it needs. */
export interface ApplyConflict {
  id: string;
  subscriberId: string;
  subscription: SubscriptionRow;
  error: ApplyError | null;
  /** The remote transaction that failed, from the publisher's slot. */
  transaction: RemoteTransaction | null;
  /** The change of that transaction that failed (see failed-change.ts). */
  failed: RemoteChange | null;
  /** The subscriber's table, by OID from its catalog. */
  table: LocalTable | null;
  key: KeyValues | null;
  finishLsn: string | null;
  local: LocalRow | null;
  incoming: Record<string, unknown> | null;
  publisherId: string | null;
  /** Publications on the subscriber that would send the delete of a "take remote" to the peer. */
  deletePublications: LocalPublication[];
  kind: ConflictKind;
  notes: string[];
  detectedAt: number;
}

export function conflictId(subscriberId: string, subscription: string, finishLsn: string | null, applyErrors: number): string {
  return `pg:${subscriberId}:${subscription}:${finishLsn ?? `error-${applyErrors}`}`;
}

export function kindOf(e: ApplyError | null, failed: RemoteChange | null, local: LocalRow | null): ConflictKind {
  if (e) return e.sqlstate === '23505' ? 'insert-insert' : 'apply-error';
  return failed?.op === 'insert' && local?.value ? 'insert-insert' : 'apply-error';
}

/** The inbox event: the local row on the subscriber and the incoming row from the publisher. */
export function toEvent(c: ApplyConflict, clusterId: string, status: ConflictEvent['status'], resolution: ConflictEvent['resolution'] = null): ConflictEvent {
  const local: ConflictVersion = {
    nodeId: c.subscriberId,
    value: c.local?.value ?? null,
    committedAt: c.local?.committedAt ?? 0,
    versionVector: null,
    origin: c.subscriberId,
    position: null,
  };
  const from = c.publisherId ?? `subscription ${c.subscription.name}`;
  const incoming: ConflictVersion = {
    nodeId: from,
    value: c.incoming,
    committedAt: c.transaction?.commitTimeMs ?? c.error?.at ?? 0,
    versionVector: null,
    origin: from,
    position: c.finishLsn,
  };
  const known = c.key !== null;
  return {
    id: c.id,
    clusterId,
    target: { table: c.table ? tableText(c.table) : '(unknown table)', key: c.key ? formatKey(c.key) : '(unknown key)' },
    kind: c.kind,
    detectedAt: c.detectedAt,
    versions: known ? [local, incoming] : [incoming],
    suggestion: null,
    status,
    resolution,
    notes: c.notes,
  };
}
