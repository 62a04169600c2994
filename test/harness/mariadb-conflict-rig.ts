import type { RowDataPacket } from 'mysql2/promise';
import { ConflictService } from '../../electron/core/conflicts/conflict-service';
import { createLogger } from '../../electron/core/logger';
import type { MariadbDriver } from '../../electron/drivers/mariadb';
import type { ConflictEvent } from '../../shared/model/conflict';
import { mariadbDriver } from './mariadb-driver';
import { gtidBinlogPos, slaveStatus, waitApplied, waitReplicating, type SlaveStatus } from './mariadb-replication';
import type { MariadbServer } from './mariadb-server';
import { startMasterMaster, type MariadbTopology } from './mariadb-topology';

/**
 * Two MariaDB masters replicating both ways (`rd.items`), watched as the app
 * does: the real driver sampled every 500 ms feeding a ConflictService whose
 * audit entries are kept in `audit`.
 */
export interface MdbConflictRig {
  topo: MariadbTopology;
  m1: MariadbServer;
  m2: MariadbServer;
  driver: MariadbDriver;
  service: ConflictService;
  audit: Record<string, unknown>[];
  /** Row `id` of rd.items on `s`, or null. */
  rowOf(s: MariadbServer, id: number): Promise<Record<string, unknown> | null>;
  /** Both replication directions stopped while `writes` runs, then started again. */
  partition(writes: () => Promise<void>): Promise<void>;
  /** The open conflict whose stopped server is `s`, for `key`. */
  openOn(s: MariadbServer, key: string): ConflictEvent | undefined;
  status(s: MariadbServer): Promise<SlaveStatus | null>;
  /** A row written on each side reaches the other (throws if not within 20 s). */
  replicatesBothWays(id: number): Promise<void>;
  stop(): Promise<void>;
}

export async function createMdbConflictRig(): Promise<MdbConflictRig> {
  const topo = await startMasterMaster();
  const [m1, m2] = [topo.server('m1'), topo.server('m2')];
  const driver = mariadbDriver([m1.address, m2.address]);
  const stopAll = async () => {
    await driver.dispose();
    await topo.stop();
  };
  try {
    const a1 = await m1.admin();
    await a1.query('CREATE TABLE rd.items (id INT PRIMARY KEY, val VARCHAR(50) NOT NULL, qty INT NOT NULL CHECK (qty >= 0))');
    await waitApplied(m2, await gtidBinlogPos(m1));
    const connected = await driver.connect(AbortSignal.timeout(10_000));
    if (!connected.ok) throw new Error(`the driver could not connect: ${connected.reason}`);
  } catch (e) {
    await stopAll();
    throw e;
  }
  const audit: Record<string, unknown>[] = [];
  const service = new ConflictService({
    driverOf: () => driver.conflicts,
    monitored: () => true,
    audit: { append: async (e) => audit.push(e as Record<string, unknown>) },
    actor: 'test-admin',
    now: () => Date.now(),
    log: createLogger('test/mdb-conflicts'),
    onChange: () => undefined,
    convergence: { timeoutMs: 2_000 },
  });
  service.attach('mariadb-test');
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const started = Date.now();
      await driver.sample(AbortSignal.timeout(10_000));
      await new Promise((r) => setTimeout(r, Math.max(0, 500 - (Date.now() - started))));
    }
  })();
  const rowOf = async (s: MariadbServer, id: number) => {
    const [rows] = await (await s.admin()).query<RowDataPacket[]>('SELECT * FROM rd.items WHERE id = ?', [id]);
    return rows[0] ? { ...rows[0] } : null;
  };
  return {
    topo,
    m1,
    m2,
    driver,
    service,
    audit,
    rowOf,
    status: slaveStatus,
    partition: async (writes) => {
      for (const s of [m1, m2]) await (await s.admin()).query('STOP SLAVE');
      await writes();
      for (const s of [m1, m2]) await (await s.admin()).query('START SLAVE');
    },
    openOn: (s, key) => service.inbox.list({ status: 'open', limit: 100 }).find((c) => c.versions[0]?.nodeId === s.address && c.target.key === key),
    replicatesBothWays: async (id) => {
      await Promise.all([waitReplicating(m1, 20_000), waitReplicating(m2, 20_000)]);
      await (await m1.admin()).query('INSERT INTO rd.items VALUES (?, ?, ?)', [id, 'from m1', 1]);
      await (await m2.admin()).query('INSERT INTO rd.items VALUES (?, ?, ?)', [id + 1, 'from m2', 1]);
      await waitApplied(m2, await gtidBinlogPos(m1));
      await waitApplied(m1, await gtidBinlogPos(m2));
      if (!(await rowOf(m2, id)) || !(await rowOf(m1, id + 1))) throw new Error(`rows ${id} and ${id + 1} did not replicate both ways`);
    },
    stop: async () => {
      sampling = false;
      await sampler;
      service.dispose();
      await stopAll();
    },
  };
}
