import { lsnToBigInt } from '../lsn';
import type { NodeConnection } from '../node-connection';
import type { NodeReading } from '../node-reading';
import { quoteIdent } from '../../../../shared/postgres/quote';
import { conflictId, kindOf, PG15_SILENT_NOTE, type ApplyConflict } from './apply-conflict';
import { locateFailed } from './failed-change';
import type { ApplyError } from './jsonlog';
import { tableText } from './local-relation';
import type { LogTail } from './log-tail';
import { findPublisher, peekSlot } from './slot-peek';
import type { SubscriptionRow } from './subscriptions';
import { deletePublications, readRow, typeRow, type LocalPublication, type LocalRow } from './table-rows';

export interface PgNodeHandle {
  id: string;
  conn: NodeConnection;
  reading: NodeReading | null;
}

export interface InspectDeps {
  nodes: readonly PgNodeHandle[];
  tail: LogTail;
  now: number;
  /** Finish LSNs of this subscription's errors already settled: an older log line is not taken for the new stop. */
  settled: ReadonlySet<string>;
}

/** Whether inspecting again later could tell more (the log line is not written yet, the slot is still in use, a grant is missing). */
export interface Inspection {
  conflict: ApplyConflict;
  complete: boolean;
}

/** The newest logged error of `sub`, unless it is one already settled. */
export function latestError(errors: readonly ApplyError[], sub: SubscriptionRow, settled: ReadonlySet<string>): ApplyError | null {
  for (let i = errors.length - 1; i >= 0; i -= 1) {
    const e = errors[i]!;
    if (e.subscriptionOid !== sub.oid) continue;
    return e.finishLsn && settled.has(e.finishLsn) ? null : e;
  }
  return null;
}

/**
 * Everything we can learn about the apply error that stopped `sub` on
 * `subscriber`: the log line (SQLSTATE, operation, finish LSN: nothing that
 * names an object), the failed remote transaction from the publisher's slot,
 * its table by OID from the subscriber's catalog, the key from the decoded
 * row, the local row and the incoming row typed by the subscriber's table.
 * Each missing source becomes a note.
 */
export async function inspectStop(subscriber: PgNodeHandle, sub: SubscriptionRow, d: InspectDeps, signal: AbortSignal): Promise<Inspection> {
  const notes: string[] = [];
  const logged = await d.tail.poll(signal);
  if (!logged.ok) notes.push(`The server log of ${subscriber.id} could not be read (${logged.reason}); SQLSTATE and key come from the publisher's slot instead, when it can be read.`);
  const error = latestError(d.tail.errors, sub, d.settled);

  let transaction = null;
  let publisherId: string | null = null;
  const publisher = sub.slotName ? findPublisher(sub.slotName, subscriber.id, d.nodes) : null;
  if (!publisher) {
    notes.push(`The publisher holding slot ${sub.slotName ?? '(none)'} is not among the monitored nodes: add it as a seed to see the table, key and incoming row (read from the slot, never from the log) and the whole remote transaction.`);
  } else {
    publisherId = publisher.nodeId;
    const peeked = await peekSlot(publisher, sub.slotName!, sub.publications, signal);
    if (!peeked.ok) {
      notes.push(peeked.reason);
    } else {
      const txns = peeked.value;
      transaction = (error?.finishLsn ? txns.find((t) => t.finalLsn === error.finishLsn) : null) ?? txns[0] ?? null;
      if (!transaction) notes.push(`Slot ${sub.slotName} on ${publisher.nodeId} holds no pending transaction for publication(s) ${sub.publications.join(', ')}.`);
    }
  }
  let located = null;
  /** A grant or a catalog read missing now may come later: inspected again. */
  let retry = false;
  if (transaction) {
    const l = await locateFailed(subscriber.conn, sub.oid, transaction, error, signal);
    if (l.ok) located = l.value;
    else {
      retry = true;
      notes.push(`The tables of subscription ${sub.name} could not be read from the catalog of ${subscriber.id}: ${l.reason}`);
    }
  }
  const failed = located?.change ?? (transaction ? (transaction.changes[0] ?? null) : null);
  const table = located?.table ?? null;
  const key = located?.key ?? null;
  if (!table && transaction) notes.push(`No table of subscription ${sub.name} on ${subscriber.id} matches the failed change (${failed?.table ?? 'none'}).`);
  const shown = table ? tableText(table) : null;
  let local: LocalRow | null = null;
  let incoming: Record<string, unknown> | null = null;
  let pubs: LocalPublication[] = [];
  if (table) {
    const p = await deletePublications(subscriber.conn, table, signal);
    if (p.ok) pubs = p.value;
    else notes.push(`The publications of ${shown} on ${subscriber.id} could not be read: ${p.reason}`);
  }
  if (table && key) {
    const r = await readRow(subscriber.conn, table, key, signal);
    if (r.ok) local = r.value;
    else if (r.code !== 'permission-denied') notes.push(`The local row could not be read on ${subscriber.id}: ${r.reason}`);
    else {
      retry = true;
      notes.push(`Reading the local row on ${subscriber.id} needs GRANT SELECT ON ${shown} TO ${quoteIdent(subscriber.reading?.user ?? 'role')};`);
    }
  }
  if (table && failed?.row) {
    const t = await typeRow(subscriber.conn, table, failed.row, signal);
    if (t.ok) incoming = t.value;
    else notes.push(`The incoming row could not be typed by ${shown} on ${subscriber.id}: ${t.reason}`);
  }
  if (error && !['23505'].includes(error.sqlstate)) notes.push(`The apply worker stopped with ${error.sqlstate}: ${error.message}${error.detail ? ` (${error.detail})` : ''}.`);
  if (sub.enabled && !sub.disableOnError) notes.push(retryingNote(sub));
  const finishLsn = error?.finishLsn ?? transaction?.finalLsn ?? null;
  notes.push(PG15_SILENT_NOTE);
  return {
    // Looked at again each sample until both the log line and the slot told their part (a grant may come later).
    complete: !!error && (!!transaction || !publisher) && !retry,
    conflict: {
      id: conflictId(subscriber.id, sub.name, finishLsn, sub.applyErrors),
      subscriberId: subscriber.id,
      subscription: sub,
      error,
      transaction,
      failed,
      table,
      key,
      finishLsn,
      local,
      incoming,
      publisherId,
      deletePublications: pubs,
      kind: kindOf(error, failed, local),
      notes,
      detectedAt: d.now,
    },
  };
}

/** Said on a conflict of an enabled subscription (no disable_on_error): the retry loop, and how to stop it. */
export function retryingNote(sub: SubscriptionRow): string {
  return (
    `Subscription ${sub.name} is enabled without disable_on_error: its apply worker fails on this transaction, exits and is started again ` +
    `every wal_retrieve_retry_interval (${sub.retryIntervalMs} ms here), and apply_error_count climbs with each retry. ` +
    `Resolving needs no ENABLE: the worker applies the resolution at its next retry. ` +
    `ALTER SUBSCRIPTION ${quoteIdent(sub.name)} SET (disable_on_error = true) would stop the retry loop and keep the slot free for reading the incoming row.`
  );
}

/**
 * The subscription runs again and its worker has received past the failed transaction. A worker that retries by
 * itself (no disable_on_error) lives briefly between failures, so it must also have stopped failing: apply_error_count
 * unchanged (`quietMs`) for two wal_retrieve_retry_intervals.
 */
export function hasPassed(sub: SubscriptionRow, finishLsn: string | null, errors: { climbed: boolean; quietMs: number }): boolean {
  if (!sub.enabled || sub.workerPid === null || errors.climbed) return false;
  if (!sub.disableOnError && errors.quietMs < 2 * sub.retryIntervalMs) return false;
  if (!finishLsn) return true;
  return sub.receivedLsn !== null && lsnToBigInt(sub.receivedLsn) >= lsnToBigInt(finishLsn);
}
