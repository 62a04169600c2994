import type { ClusterSpec } from '../../shared/model/cluster';
import { fail, ok, type Result } from '../../shared/result';
import type { CapabilitiesFactory, DriverCapabilities, DriverContext } from '../core/driver';
import { postgresCapabilities, validatePostgresSpec } from './postgres';
import { agentCapabilities } from './agent';
import { etcdCapabilities, parseEndpoints } from './etcd';
import { mariadbCapabilities, validateMariadbSpec } from './mariadb';
import { toLogFormat } from '../core/errors';

type Engine = ClusterSpec['engine'];
type SpecOf<E extends Engine> = Extract<ClusterSpec, { engine: E }>;

/** One engine: its own checks of a spec (before any connection), and the factory of its capability record. */
export interface EngineRegistration<S extends ClusterSpec> {
  validate(spec: S): Result<unknown>;
  create: CapabilitiesFactory<S>;
}

/** Every engine, one registration each; the type makes a missing engine a compile error. */
const ENGINES: { [E in Engine]: EngineRegistration<SpecOf<E>> } = {
  postgres: { validate: validatePostgresSpec, create: postgresCapabilities },
  agent: { validate: () => ok(undefined), create: agentCapabilities },
  etcd: { validate: (spec) => parseEndpoints(spec.endpoints), create: etcdCapabilities },
  mariadb: { validate: validateMariadbSpec, create: mariadbCapabilities },
};

function build<E extends Engine>(engine: E, spec: SpecOf<E>, ctx: DriverContext): Result<DriverCapabilities> {
  const registration: EngineRegistration<SpecOf<E>> = ENGINES[engine];
  const valid = registration.validate(spec);
  return valid.ok ? ok(registration.create(spec, ctx)) : valid;
}

/** Builds the capability record for a spec's engine, after the engine's own checks of the spec. */
export function resolveDriver(spec: ClusterSpec, ctx: DriverContext): Result<DriverCapabilities> {
  try {
    return build(spec.engine, spec, ctx);
  } catch (error) {
    return fail('invalid-spec', toLogFormat(error));
  }
}
