import type { PostgresSpec } from '../../../shared/model/cluster';
import type { DriverFactory } from '../../core/driver';
import { PostgresDriver } from './driver';

export { validatePostgresSpec, redactConnectionString } from './validate-spec';
export { parseConnectionString, displayTarget, nodeIdOf } from './conn-string';
export type { PgErrorCode } from './errors';
export { PostgresDriver } from './driver';
export type { HostControl, Endpoint } from './actions/host-control';

/** The PostgreSQL driver: physical streaming replication, discovered from any seed. */
export const createPostgresDriver: DriverFactory<PostgresSpec> = (spec, ctx) => new PostgresDriver(spec, ctx);
