import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePorts } from './free-port';
import { makeTemplate, startMariadbServer, type MariadbServer, type MariadbServerOptions } from './mariadb-server';
import { gtidBinlogPos, replicateFrom, resetPositions, waitApplied, waitReplicating } from './mariadb-replication';
import { watchTestProcesses } from './process-reaper';

export interface MariadbTopology {
  servers: MariadbServer[];
  server(name: string): MariadbServer;
  /** Wall-clock ms from the first install to every replica applying the first write. */
  startMs: number;
  stop(): Promise<void>;
}

/** `name` replicates from `source`. */
type Edge = [replica: string, source: string];

/** Servers `nodes` (ports picked free), replication along `edges`, and a first write applied everywhere. */
export async function startMariadbTopology(prefix: string, nodes: Omit<MariadbServerOptions, 'port'>[], edges: Edge[]): Promise<MariadbTopology> {
  const started = Date.now();
  const root = mkdtempSync(path.join(tmpdir(), prefix));
  // The mysql user must enter the root to reach its own data dirs.
  chmodSync(root, 0o755);
  const reaper = watchTestProcesses(root);
  const servers: MariadbServer[] = [];
  const stop = async () => {
    await Promise.all(servers.map((s) => s.stop()));
    reaper.release();
    rmSync(root, { recursive: true, force: true });
  };
  try {
    const template = await makeTemplate(root);
    const ports = await freePorts(nodes.length);
    const up = await Promise.all(nodes.map((n, i) => startMariadbServer(root, template, { ...n, port: ports[i]! }, reaper)));
    servers.push(...up);
    const byName = (name: string) => {
      const s = servers.find((x) => x.name === name);
      if (!s) throw new Error(`no MariaDB server ${name}`);
      return s;
    };
    await Promise.all(servers.map(resetPositions));
    for (const [replica, source] of edges) await replicateFrom(byName(replica), byName(source));
    await Promise.all(edges.map(([replica]) => waitReplicating(byName(replica))));
    // A first write from every source that no one else feeds, applied everywhere.
    const sources = new Set(edges.map(([, s]) => s));
    const roots = [...sources].filter((s) => !edges.some(([r]) => r === s));
    const writers = roots.length > 0 ? roots : [...sources];
    for (const w of writers) {
      const c = await byName(w).admin();
      await c.query('CREATE DATABASE IF NOT EXISTS rd');
      await c.query('CREATE TABLE IF NOT EXISTS rd.t (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(100) NOT NULL)');
      const pos = await gtidBinlogPos(byName(w));
      await Promise.all(servers.filter((s) => s.name !== w).map((s) => waitApplied(s, pos)));
    }
    return { servers, server: byName, startMs: Date.now() - started, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** `primary` with replicas `replica1`, `replica2`, and `chained` replicating from replica1 (GTID, log_slave_updates, strict mode). */
export function startChainTopology(): Promise<MariadbTopology> {
  return startMariadbTopology(
    'rd-mdb-chain-',
    [
      { name: 'primary', serverId: 1 },
      { name: 'replica1', serverId: 2 },
      { name: 'replica2', serverId: 3 },
      { name: 'chained', serverId: 4 },
    ],
    [
      ['replica1', 'primary'],
      ['replica2', 'primary'],
      ['chained', 'replica1'],
    ],
  );
}

/** `m1` and `m2` replicating from each other, each writing in its own GTID domain. */
export function startMasterMaster(): Promise<MariadbTopology> {
  return startMariadbTopology(
    'rd-mdb-mm-',
    [
      { name: 'm1', serverId: 11, domainId: 1 },
      { name: 'm2', serverId: 12, domainId: 2 },
    ],
    [
      ['m1', 'm2'],
      ['m2', 'm1'],
    ],
  );
}
