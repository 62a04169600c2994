import type { ClusterSpec } from '../../shared/model/cluster';
import { assertNever, fail, ok, type Result } from '../../shared/result';
import type { ClusterDriver, DriverContext } from '../core/driver';
import { createPostgresDriver, validatePostgresSpec } from './postgres';
import { createAgentDriver } from './agent';
import { createEtcdDriver, parseEndpoints } from './etcd';
import { createMariadbDriver, validateMariadbSpec } from './mariadb';
import { toLogFormat } from '../core/errors';

/** Picks the driver for a spec's engine, after the engine's own checks of the spec. */
export function resolveDriver(spec: ClusterSpec, ctx: DriverContext): Result<ClusterDriver> {
  try {
    switch (spec.engine) {
      case 'postgres': {
        const valid = validatePostgresSpec(spec);
        return valid.ok ? ok(createPostgresDriver(spec, ctx)) : valid;
      }
      case 'agent':
        return ok(createAgentDriver(spec, ctx));
      case 'etcd': {
        const valid = parseEndpoints(spec.endpoints);
        return valid.ok ? ok(createEtcdDriver(spec, ctx)) : valid;
      }
      case 'mariadb': {
        const valid = validateMariadbSpec(spec);
        return valid.ok ? ok(createMariadbDriver(spec, ctx)) : valid;
      }
      default:
        return assertNever(spec, 'engine');
    }
  } catch (error) {
    return fail('invalid-spec', toLogFormat(error));
  }
}
