import { normaliseHost } from './conn-string';

/** What identifies a standby to its upstream's pg_stat_replication. */
export interface StandbyIdentity {
  nodeId: string;
  /** application_name of its WAL receiver (primary_conninfo, else cluster_name). */
  applicationName: string | null;
  /** Replication slot its WAL receiver uses. */
  slotName: string | null;
  /** The address its walsender's client_addr would show (host part of the node id). */
  host: string;
}

export interface SenderKey {
  applicationName: string;
  clientAddr: string | null;
  slotName: string | null;
}

export interface SenderMatch<S> {
  sender: S;
  nodeId: string;
  by: 'slot' | 'application_name' | 'client_addr';
}

type Pass = { by: SenderMatch<unknown>['by']; key: (s: SenderKey) => string | null; id: (c: StandbyIdentity) => string | null };

const PASSES: Pass[] = [
  { by: 'slot', key: (s) => s.slotName, id: (c) => c.slotName },
  { by: 'application_name', key: (s) => s.applicationName || null, id: (c) => c.applicationName },
  { by: 'client_addr', key: (s) => (s.clientAddr ? normaliseHost(s.clientAddr) : null), id: (c) => normaliseHost(c.host) },
];

/**
 * Pairs an upstream's walsender rows with the standbys known to stream from it:
 * by slot name, then application_name, then client address. A key pairs only
 * when it is unique on both sides (many standbys on one host share an address;
 * many keep the default application_name `walreceiver`).
 */
export function matchSenders<S extends SenderKey>(
  senders: readonly S[],
  standbys: readonly StandbyIdentity[],
): { matched: SenderMatch<S>[]; unmatched: S[] } {
  const freeSenders = new Set(senders);
  const freeStandbys = new Set(standbys);
  const matched: SenderMatch<S>[] = [];
  for (const pass of PASSES) {
    const byKey = <T>(items: Set<T>, key: (t: T) => string | null) => {
      const m = new Map<string, T[]>();
      for (const it of items) {
        const k = key(it);
        if (k) m.set(k, [...(m.get(k) ?? []), it]);
      }
      return m;
    };
    const sendersByKey = byKey(freeSenders, pass.key);
    const standbysByKey = byKey(freeStandbys, pass.id);
    for (const [k, ss] of sendersByKey) {
      const cs = standbysByKey.get(k);
      const [s] = ss;
      const [c] = cs ?? [];
      if (ss.length !== 1 || cs?.length !== 1 || !s || !c) continue;
      matched.push({ sender: s, nodeId: c.nodeId, by: pass.by });
      freeSenders.delete(s);
      freeStandbys.delete(c);
    }
  }
  return { matched, unmatched: [...freeSenders] };
}

/** application_name from a WAL receiver's conninfo (or its fallback, cluster_name). */
export function walReceiverAppName(conninfo: string | null): string | null {
  if (!conninfo) return null;
  const pick = (key: string) => {
    const m = new RegExp(`(?:^|\\s)${key}=('(?:[^'\\\\]|\\\\.)*'|\\S+)`).exec(conninfo);
    const raw = m?.[1];
    if (!raw) return null;
    return raw.startsWith("'") ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
  };
  return pick('application_name') ?? pick('fallback_application_name');
}
