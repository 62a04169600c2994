import type { MariadbSpec } from '../../../shared/model/cluster';
import type { Result } from '../../../shared/result';
import type { CapabilitiesFactory, DriverFactory } from '../../core/driver';
import { MariadbDriver } from './driver';
import { MariadbEngineActions } from './engine-actions';
import { parseSeeds, type ServerAddress } from './server-address';

export { MariadbDriver } from './driver';
export type { MariadbErrorCode } from './errors';

/** The engine's own checks of a spec: every seed is host:port. */
export function validateMariadbSpec(spec: MariadbSpec): Result<ServerAddress[]> {
  return parseSeeds(spec.seeds);
}

/** The MariaDB driver: GTID replication topology, roles, lag and errant GTIDs (monitoring only). */
export const createMariadbDriver: DriverFactory<MariadbSpec> = (spec, ctx) => new MariadbDriver(spec, ctx);

/** What a MariaDB cluster offers: sampling; switchover/failover plus Galera's desync/resync; master-master conflicts. */
export const mariadbCapabilities: CapabilitiesFactory<MariadbSpec> = (spec, ctx) => {
  const driver = new MariadbDriver(spec, ctx);
  return { sampler: driver, actions: new MariadbEngineActions(driver.actions, driver.galeraActions), conflicts: driver.conflicts };
};

/** Where Galera's per-node and cluster detail plug into engineDetail (build-sample's `galera` input). */
export type { GaleraDetail } from './engine-detail';
