import { PostgresSpecSchema } from '../../shared/model/cluster';
import { connectActionDriver, type ActionTestDriver } from './pg-actions';
import type { PatroniCluster } from './patroni-cluster';

/** The same wrapper as the SQL failover tests, on a Patroni-managed cluster. */
export type PatroniTestDriver = ActionTestDriver;

/** The postgres driver on a Patroni cluster: every member a seed, Patroni's REST URLs and its etcd named in the spec. */
export async function patroniDriver(cluster: PatroniCluster, opts: { withDcs?: boolean; withUrls?: boolean } = {}): Promise<PatroniTestDriver> {
  const spec = PostgresSpecSchema.parse({
    engine: 'postgres',
    name: 'patroni-test',
    seeds: cluster.members.map((m) => m.connectionString),
    discoveryPorts: cluster.members.map((m) => m.pgPort),
    ...(opts.withUrls === false ? {} : { patroniUrls: cluster.members.map((m) => m.restUrl) }),
    ...(opts.withDcs === false ? {} : { patroniDcs: { etcdUrls: cluster.etcdUrls } }),
    timeouts: { connectTimeoutMs: 2_000, queryTimeoutMs: 5_000 },
  });
  return connectActionDriver(spec);
}
