import { parseServerAddress, type ServerAddress } from '../server-address';
import type { ServerReading } from '../wire';

/** The other Galera members a node lists (wsrep_incoming_addresses): a cluster is found from one seed. */
export function galeraPeersOf(r: ServerReading): ServerAddress[] {
  const out: ServerAddress[] = [];
  for (const a of r.galera?.incomingAddresses ?? []) {
    const parsed = parseServerAddress(a);
    if (parsed.ok) out.push(parsed.value);
  }
  return out;
}

/**
 * What makes two addresses one server in a crawl. Galera nodes often share @@server_id (and port 3306),
 * so a Galera node is told apart by its wsrep_gcomm_uuid instead.
 */
export function serverIdentity(r: ServerReading): string {
  return r.galera?.nodeUuid ? `galera:${r.galera.nodeUuid}` : `${r.serverId}@${r.port}`;
}
