import { fail, ok, type Result } from '../../../../shared/result';
import type { NodeConnection } from '../node-connection';
import type { NodeReading } from '../node-reading';
import { decodeTransactions, type RemoteTransaction } from './remote-transaction';
import { quoteIdent } from '../../../../shared/postgres/quote';

/** At most this many changes are decoded per peek (the slot's whole backlog is not needed). */
const UPTO_CHANGES = 10_000;

/** A node holding the subscription's slot: the publisher, among the nodes the driver reads. */
export interface Publisher {
  nodeId: string;
  conn: NodeConnection;
  database: string | null;
  active: boolean;
}

/** Finds the logical slot named `slotName` on a node other than the subscriber. */
export function findPublisher(
  slotName: string,
  subscriberId: string,
  nodes: readonly { id: string; conn: NodeConnection; reading: NodeReading | null }[],
): Publisher | null {
  for (const n of nodes) {
    if (n.id === subscriberId || !n.reading) continue;
    const slot = n.reading.slots.find((s) => s.kind === 'logical' && s.name === slotName);
    if (slot) return { nodeId: n.id, conn: n.conn, database: slot.database, active: slot.active };
  }
  return null;
}

/**
 * The pending transactions of an inactive slot, without consuming them
 * (`pg_logical_slot_peek_binary_changes`, pgoutput v1). Once a subscription
 * is disabled by `disable_on_error`, the first one is the failed transaction.
 * Needs the REPLICATION attribute (or superuser) on the publisher.
 */
export async function peekSlot(p: Publisher, slotName: string, publications: readonly string[], signal: AbortSignal): Promise<Result<RemoteTransaction[]>> {
  const busy = `slot ${slotName} on ${p.nodeId} is in use by a walsender: it can be read once the subscription has stopped (or, without disable_on_error, between two retries of its worker: tried again later)`;
  if (p.active) return fail('slot-active', busy);
  const pubs = publications.map(quoteIdent).join(',');
  // publication_names is an identifier list (pgoutput splits it like search_path): each name quoted, the list a parameter.
  const r = await p.conn.query<{ data: Uint8Array }>(
    `SELECT data FROM pg_logical_slot_peek_binary_changes($1::name, NULL, ${UPTO_CHANGES}, 'proto_version', '1', 'publication_names', $2::text)`,
    signal,
    undefined,
    [slotName, pubs],
  );
  if (!r.ok) {
    // The sample saw it free, but a retrying worker's walsender took it since.
    if (/is active for PID/.test(r.reason)) return fail('slot-active', busy);
    if (/superuser or replication role/.test(r.reason)) {
      const who = p.conn.target.user;
      return fail('missing-grant', `reading the incoming row from slot ${slotName} on ${p.nodeId} needs the REPLICATION attribute: ALTER ROLE ${quoteIdent(who)} REPLICATION;`);
    }
    return fail(r.code, `peeking slot ${slotName} on ${p.nodeId} failed: ${r.reason}`);
  }
  try {
    return ok(decodeTransactions(r.value));
  } catch (e) {
    return fail('decode-failed', `slot ${slotName} on ${p.nodeId} returned a pgoutput message we could not decode: ${(e as Error).message}`);
  }
}

