import { galeraPeersOf, serverIdentity } from './galera/galera-discovery';
import { addressOf, type ServerAddress } from './server-address';
import type { ServerView } from './view';
import type { ServerReading } from './wire';

/** The servers `r` replicates from (every channel's Master_Host:Master_Port). */
export function upstreamsOf(r: ServerReading): ServerAddress[] {
  return r.channels.map((c) => c.source);
}

/**
 * The replicas registered with `r` (SHOW SLAVE HOSTS). A replica without
 * report_host registers an empty host: when every Binlog Dump thread comes
 * from one client host, that host is used with the registered port; otherwise
 * the replica cannot be placed and is returned in `unplaced`.
 */
export function downstreamsOf(r: ServerReading): { found: ServerAddress[]; unplaced: number[] } {
  const found: ServerAddress[] = [];
  const unplaced: number[] = [];
  for (const h of r.replicaHosts) {
    const host = h.host !== '' ? h.host : r.dumpHosts.length === 1 ? r.dumpHosts[0]! : '';
    if (host === '' || h.port <= 0) unplaced.push(h.serverId);
    else found.push(addressOf(host, h.port));
  }
  return { found, unplaced };
}

/** What a crawl found: one view per server, and the other addresses a server was named by (address id → node id). */
export interface Crawl {
  views: ServerView[];
  aliases: Map<string, string>;
}

/**
 * Reads `start`, then every server they name (up and down), wave by wave,
 * until no new server appears. Each server is read once. A second address of a
 * server already read (same @@server_id and @@port: a seed by name, replicas
 * configured by IP) becomes an alias of the first, so one server is one node.
 */
export async function crawl(start: readonly ServerAddress[], read: (a: ServerAddress) => Promise<ServerView>): Promise<Crawl> {
  const seen = new Set<string>();
  const views: ServerView[] = [];
  const byIdentity = new Map<string, string>();
  const aliases = new Map<string, string>();
  let frontier = start.filter((a) => !seen.has(a.id) && seen.add(a.id));
  while (frontier.length > 0) {
    const wave = await Promise.all(frontier.map(read));
    const next: ServerAddress[] = [];
    for (const v of wave) {
      const r = v.reading.kind === 'read' ? v.reading.value : v.last;
      if (r) {
        const identity = serverIdentity(r);
        const first = byIdentity.get(identity);
        if (first !== undefined && v.reading.kind === 'read') {
          aliases.set(v.address.id, first);
          continue;
        }
        byIdentity.set(identity, v.address.id);
      }
      views.push(v);
      if (!r) continue;
      for (const a of [...upstreamsOf(r), ...downstreamsOf(r).found, ...galeraPeersOf(r)]) {
        if (seen.has(a.id)) continue;
        seen.add(a.id);
        next.push(a);
      }
    }
    frontier = next;
  }
  return { views, aliases };
}
