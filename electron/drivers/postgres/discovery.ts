import { nodeIdOf, withEndpoint, type PgTarget } from './conn-string';
import { walReceiverAppName } from './link-matching';
import type { NodeConnection } from './node-connection';
import { receiverEndpoint, type NodeReading } from './node-reading';
import { readNode } from './read-node';
import type { NodeRegistry } from './registry';
import type { UnmatchedSender } from './standby-links';

/** How long a candidate address that was not a standby of the upstream is left alone. */
export const PROBE_RETRY_MS = 30_000;

export interface ProbeDeps {
  registry: NodeRegistry;
  /** Login used for discovered nodes (the first seed's user, password, database, sslmode). */
  credentials: PgTarget;
  /** Ports to try on a standby's client address: the seeds' ports, the upstream's port, spec.discoveryPorts. */
  ports(upstreamId: string): number[];
  connect(target: PgTarget): NodeConnection;
  now(): number;
  /** Candidate id → when it was last rejected and why. */
  rejected: Map<string, { at: number; note: string }>;
}

/** Upward discovery: standbys name their upstream (sender_host:sender_port); add the ones we do not know. */
export function addUpstreams(registry: NodeRegistry, readings: readonly NodeReading[], credentials: PgTarget): number {
  let added = 0;
  for (const r of readings) {
    const ep = receiverEndpoint(r);
    if (ep && registry.add(withEndpoint(credentials, ep.host, ep.port), false)) added += 1;
  }
  return added;
}

/** A candidate is accepted only if it really streams from that upstream. */
export function isStandbyOf(r: NodeReading, u: UnmatchedSender, upstream: NodeReading | null, upstreamPort: number, resolve: (id: string) => string): boolean {
  if (!r.inRecovery) return false;
  if (upstream?.systemId && r.systemId && upstream.systemId !== r.systemId) return false;
  const ep = receiverEndpoint(r);
  if (ep && resolve(nodeIdOf(ep.host, ep.port)) === u.upstreamId) return true;
  if (u.sender.slotName && r.receiver?.slotName === u.sender.slotName) return true;
  const app = walReceiverAppName(r.receiver?.conninfo ?? null) ?? r.clusterName;
  return !!ep && ep.port === upstreamPort && app === u.sender.applicationName;
}

/**
 * Downward discovery: for each walsender no known node matched, try its
 * client address on the candidate ports. Returns what was tried, per ghost id.
 */
export async function probeUnmatched(unmatched: readonly UnmatchedSender[], deps: ProbeDeps, signal: AbortSignal): Promise<{ added: number; notes: Map<string, string> }> {
  const notes = new Map<string, string>();
  let added = 0;
  for (const u of unmatched) {
    const addr = u.sender.clientAddr;
    if (!addr) {
      notes.set(u.ghostId, 'its client address is hidden (GRANT pg_monitor) or it connects over a Unix socket');
      continue;
    }
    const upstream = deps.registry.get(u.upstreamId);
    const upstreamPort = upstream?.conn.target.port ?? 0;
    const tried: string[] = [];
    for (const port of deps.ports(u.upstreamId)) {
      if (signal.aborted) return { added, notes };
      const id = deps.registry.resolve(nodeIdOf(addr, port));
      if (deps.registry.has(id)) continue;
      const before = deps.rejected.get(id);
      if (before && deps.now() - before.at < PROBE_RETRY_MS) {
        tried.push(before.note);
        continue;
      }
      const conn = deps.connect(withEndpoint(deps.credentials, addr, port));
      const res = await readNode(conn, signal);
      if (res.ok && isStandbyOf(res.value, u, upstream?.lastReading ?? null, upstreamPort, (x) => deps.registry.resolve(x))) {
        if (deps.registry.has(id)) {
          await conn.dispose();
        } else {
          deps.registry.adopt(conn, false, res.value, deps.now());
          added += 1;
        }
        tried.length = 0;
        break;
      }
      const note = res.ok ? `${id} answers but is not a standby of ${u.upstreamId}` : `tried ${id}: ${res.code}`;
      deps.rejected.set(id, { at: deps.now(), note });
      tried.push(note);
      await conn.dispose();
    }
    if (tried.length) notes.set(u.ghostId, tried.join('; '));
  }
  return { added, notes };
}
