import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePorts } from './free-port';
import { makeTemplate } from './mariadb-server';
import { missingGaleraPrerequisites, type GaleraPorts } from './galera-config';
import { startGaleraNode, type GaleraNode } from './galera-node';
import { watchTestProcesses } from './process-reaper';

export interface GaleraCluster {
  nodes: GaleraNode[];
  node(name: string): GaleraNode;
  /** Wall-clock ms from install-db to the last node Synced. */
  startMs: number;
  /** How long each step took (install-db, bootstrap, the joins by SST), for the report. */
  timings: Record<string, number>;
  stop(): Promise<void>;
}

/**
 * `count` Galera nodes g1…gN on 127.0.0.1 (four free ports each): g1 bootstraps a new cluster,
 * the others join by rsync SST, started at once (Galera serialises the donations). Every node ends Synced.
 */
export async function startGaleraCluster(count = 3): Promise<GaleraCluster> {
  const missing = missingGaleraPrerequisites();
  if (missing.length > 0) throw new Error(`Galera tests need: ${missing.join('; ')}`);
  const started = Date.now();
  const timings: Record<string, number> = {};
  const lap = (name: string, since: number) => (timings[name] = Date.now() - since);
  const root = mkdtempSync(path.join(tmpdir(), 'rd-galera-'));
  // The mysql user must enter the root to reach its own data dirs.
  chmodSync(root, 0o755);
  const reaper = watchTestProcesses(root);
  const nodes: GaleraNode[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    reaper.release();
    rmSync(root, { recursive: true, force: true });
  };
  try {
    let t = Date.now();
    const template = await makeTemplate(root);
    lap('install-db', t);
    const free = await freePorts(count * 4);
    const ports: GaleraPorts[] = Array.from({ length: count }, (_, i) => ({ mysql: free[4 * i]!, gcomm: free[4 * i + 1]!, ist: free[4 * i + 2]!, sst: free[4 * i + 3]! }));
    const peers = ports.map((p) => p.gcomm);
    const options = (i: number) => ({ name: `g${i + 1}`, ports: ports[i]!, peers, bootstrap: i === 0 });
    t = Date.now();
    nodes.push(await startGaleraNode(root, template, options(0), reaper));
    lap('bootstrap', t);
    t = Date.now();
    // At once: measured faster than one after the other (the second joiner's group join overlaps the first SST).
    // A joiner that exits during start (seen once under load: most likely a port another suite took between our pick
    // and its bind) is retried once on fresh ports, and the first failure is logged.
    const join = async (i: number): Promise<GaleraNode> => {
      try {
        return await startGaleraNode(root, template, options(i), reaper);
      } catch (e) {
        console.warn(`galera harness: g${i + 1} failed to start, retrying once on fresh ports: ${(e as Error).message}`);
        rmSync(path.join(root, `g${i + 1}`), { recursive: true, force: true });
        const [mysql, gcomm, ist, sst] = await freePorts(4);
        return startGaleraNode(root, template, { ...options(i), ports: { mysql: mysql!, gcomm: gcomm!, ist: ist!, sst: sst! } }, reaper);
      }
    };
    const joined = await Promise.allSettled(ports.slice(1).map((_, i) => join(i + 1)));
    for (const j of joined) if (j.status === 'fulfilled') nodes.push(j.value);
    const failed = joined.find((j): j is PromiseRejectedResult => j.status === 'rejected');
    if (failed) throw failed.reason;
    lap('joins by SST', t);
    const byName = (name: string) => {
      const n = nodes.find((x) => x.name === name);
      if (!n) throw new Error(`no Galera node ${name}`);
      return n;
    };
    return { nodes, node: byName, startMs: Date.now() - started, timings, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
