import { randomBytes } from 'node:crypto';
import { PgbouncerBackend } from '../../agent/pgbouncer/backend';
import { startAgentServer, type AgentServer } from '../../agent/server';
import { createLogger } from '../../electron/core/logger';
import type { HostControl } from '../../electron/drivers/postgres';
import { PostgresSpecSchema } from '../../shared/model/cluster';
import { connectActionDriver, type ActionTestDriver } from './pg-actions';
import { harnessHostControl } from './pg-host-control';
import { createPoolerRig, type PoolerRig } from './pgbouncer-rig';
import type { PgbouncerOptions } from './pgbouncer-process';

export interface PoolerActionRig {
  rig: PoolerRig;
  agent: AgentServer | null;
  driver: ActionTestDriver;
  stop(): Promise<void>;
}

/**
 * The pooler rig, a pgbouncer agent beside PgBouncer (in process, rewriting its ini), and a postgres driver whose
 * spec names the pooler (admin login) and its agent; host control by the harness (stop/start/rewind).
 */
export async function poolerActionRig(o: { agent?: boolean; bouncer?: Partial<Omit<PgbouncerOptions, 'databases' | 'users'>>; pauseTimeoutMs?: number; wrapHost?: (h: HostControl) => HostControl } = {}): Promise<PoolerActionRig> {
  const rig = await createPoolerRig({ bouncer: o.bouncer, superuserInPooler: true });
  let agent: AgentServer | null = null;
  try {
    const token = randomBytes(16).toString('hex');
    if (o.agent ?? true) {
      const backend = new PgbouncerBackend({ iniFile: rig.bouncer.iniFile, admin: { host: '127.0.0.1', port: rig.bouncer.port, user: rig.bouncer.adminUser, password: rig.bouncer.adminPassword } });
      agent = await startAgentServer({ backend, token, log: createLogger('test/pgbouncer-agent') });
    }
    const spec = PostgresSpecSchema.parse({
      engine: 'postgres',
      name: 'pooler-test',
      seeds: rig.cluster.nodes.map((n) => n.connectionString),
      discoveryPorts: rig.cluster.nodes.map((n) => n.port),
      timeouts: { connectTimeoutMs: 2_000, queryTimeoutMs: 5_000 },
      poolers: [
        {
          name: 'bouncer1',
          host: '127.0.0.1',
          port: rig.bouncer.port,
          user: rig.bouncer.adminUser,
          password: rig.bouncer.adminPassword,
          ...(agent ? { agent: { url: agent.url, token } } : {}),
          ...(o.pauseTimeoutMs ? { pauseTimeoutMs: o.pauseTimeoutMs } : {}),
        },
      ],
    });
    const host = harnessHostControl(rig.cluster);
    const driver = await connectActionDriver(spec, o.wrapHost ? o.wrapHost(host) : host);
    if (agent && !(await driver.driver.poolers.waitAgents(10_000))) throw new Error('the pgbouncer agent did not connect');
    return {
      rig,
      agent,
      driver,
      async stop() {
        await driver.dispose();
        await agent?.close();
        await rig.stop();
      },
    };
  } catch (e) {
    await agent?.close();
    await rig.stop();
    throw e;
  }
}
