import type { PostgresSpec } from '../../../shared/model/cluster';
import type { CapabilitiesFactory, DriverContext } from '../../core/driver';
import { PostgresDriver } from './driver';
import { pglEnginePolicy } from './pglogical/engine-policy';

export { validatePostgresSpec, redactConnectionString } from './validate-spec';
export { parseConnectionString, displayTarget, nodeIdOf } from './conn-string';
export type { PgErrorCode } from './errors';
export { PostgresDriver } from './driver';
export type { HostControl, Endpoint } from './actions/host-control';

/** The PostgreSQL driver: physical streaming replication, discovered from any seed. */
export const createPostgresDriver = (spec: PostgresSpec, ctx: DriverContext): PostgresDriver => new PostgresDriver(spec, ctx);

/** What a PostgreSQL cluster offers: sampling, actions, locking and (logical replication) conflicts. */
export const postgresCapabilities: CapabilitiesFactory<PostgresSpec> = (spec, ctx) => {
  const driver = new PostgresDriver(spec, ctx);
  return { sampler: driver, actions: driver, locking: driver, conflicts: driver, enginePolicy: pglEnginePolicy(() => driver.pglogical) };
};
