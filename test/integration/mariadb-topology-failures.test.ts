import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMariadbTopology, type MariadbTopology } from '../harness/mariadb-topology';
import { mariadbDriver, sampleUntil } from '../harness/mariadb-driver';
import { startTcpProxy, type TcpProxy } from '../harness/mariadb-tcp-proxy';
import type { ClusterSample } from '../../shared/model/sample';
import type { MariadbDriver } from '../../electron/drivers/mariadb';

const statusOf = (s: ClusterSample, id: string) => s.nodes.find((n) => n.id === id)?.status;

/**
 * Holistic failure detection: a primary is `down` only when its replicas lost it too; when only ReplicaDesk's
 * path to it is cut, it is `unreachable` (and the replicas still stream from it).
 */
describe('MariaDB primary failure seen by ReplicaDesk and by the replicas', () => {
  let topo: MariadbTopology;
  let proxy: TcpProxy | null = null;
  const drivers: MariadbDriver[] = [];
  const id = (name: string) => topo.server(name).address;

  beforeAll(async () => {
    topo = await startMariadbTopology(
      'rd-mdb-fail-',
      [
        { name: 'primary', serverId: 41 },
        { name: 'r1', serverId: 42 },
        { name: 'r2', serverId: 43 },
      ],
      [
        ['r1', 'primary'],
        ['r2', 'primary'],
      ],
    );
  });

  afterAll(async () => {
    for (const d of drivers) await d.dispose();
    await proxy?.cut();
    await topo?.stop();
  });

  it('only ReplicaDesk cannot reach the primary (its path through a relay is cut): unreachable, never down, replicas still stream', async () => {
    proxy = await startTcpProxy(topo.server('primary').port);
    const d = mariadbDriver([proxy.address]);
    drivers.push(d);
    expect((await d.connect(AbortSignal.timeout(10_000))).ok).toBe(true);
    // The seed's address names the primary; the replicas' 127.0.0.1:<port> for it is the same server (an alias).
    const before = await d.sample(AbortSignal.timeout(10_000));
    expect(before.nodes.map((n) => `${n.id}:${n.role}`).sort()).toEqual([`${proxy.address}:primary`, `${id('r1')}:replica`, `${id('r2')}:replica`].sort());
    expect(statusOf(before, proxy.address)).toEqual({ kind: 'up' });
    await proxy.cut();
    const cut = await sampleUntil(d, (x) => statusOf(x, proxy!.address)?.kind === 'unreachable');
    expect(statusOf(cut, proxy.address)).toMatchObject({ reason: expect.stringMatching(/only ReplicaDesk cannot/) });
    // Longer than the replicas' heartbeat period: they still have it, so it stays unreachable, not down.
    await new Promise((r) => setTimeout(r, 3_000));
    const later = await d.sample(AbortSignal.timeout(10_000));
    expect(statusOf(later, proxy.address)?.kind).toBe('unreachable');
    expect(later.links.map((l) => `${l.from}->${l.to}:${l.state}`).sort()).toEqual([`${proxy.address}->${id('r1')}:streaming`, `${proxy.address}->${id('r2')}:streaming`].sort());
  });

  it('a hung primary (SIGSTOP) that the replicas also lose (slave_net_timeout 2 s): unreachable at first, then down', async () => {
    for (const name of ['r1', 'r2']) {
      const c = await topo.server(name).admin();
      await c.query('STOP SLAVE');
      await c.query('SET GLOBAL slave_net_timeout = 2');
      await c.query('CHANGE MASTER TO MASTER_HEARTBEAT_PERIOD = 0.5');
      await c.query('START SLAVE');
    }
    const d = mariadbDriver([id('primary')]);
    drivers.push(d);
    expect((await d.connect(AbortSignal.timeout(10_000))).ok).toBe(true);
    await sampleUntil(d, (x) => x.links.length === 2 && x.links.every((l) => l.state === 'streaming'));
    const primary = topo.server('primary');
    process.kill(primary.pid!, 'SIGSTOP');
    const seen: string[] = [];
    try {
      const down = await sampleUntil(d, (x) => {
        const k = statusOf(x, id('primary'))?.kind ?? 'missing';
        if (seen.at(-1) !== k) seen.push(k);
        return k === 'down';
      });
      expect(statusOf(down, id('primary'))).toMatchObject({ reason: expect.stringMatching(/all 2 replica\(s\) lost their IO thread/) });
      // Between up and down it can only have been unreachable (ReplicaDesk notices before the replicas give up).
      expect(seen.filter((k) => k !== 'up' && k !== 'unreachable')).toEqual(['down']);
      console.log(`mariadb: hung primary seen as ${seen.join(' → ')}`);
    } finally {
      process.kill(primary.pid!, 'SIGCONT');
    }
  });
});
