import type { EtcdSpec } from '../../../shared/model/cluster';
import type { CapabilitiesFactory, DriverFactory } from '../../core/driver';
import { EtcdDriver } from './driver';

export { EtcdDriver } from './driver';
export type { EtcdErrorCode } from './errors';
export { parseEndpoints } from './endpoint-url';

/** The etcd driver: Raft members, leader and term through the v3 JSON gateway. */
export const createEtcdDriver: DriverFactory<EtcdSpec> = (spec, ctx) => new EtcdDriver(spec, ctx);

/** What an etcd cluster offers: sampling and leadership transfer. */
export const etcdCapabilities: CapabilitiesFactory<EtcdSpec> = (spec, ctx) => {
  const driver = new EtcdDriver(spec, ctx);
  return { sampler: driver, actions: driver };
};
