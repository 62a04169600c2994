import type { Handlers } from '../handlers';
import type { LockingService } from './locking-service';

type LockingChannel = Extract<keyof Handlers, `locking:${string}`>;

/** The `locking:*` request handlers (requests arrive validated against shared/ipc/locking.ts). */
export function lockingHandlers(s: LockingService): Pick<Handlers, LockingChannel> {
  return {
    'locking:snapshot': async ({ clusterId, fresh }) => s.snapshot(clusterId, fresh),
    'locking:setLimits': async ({ clusterId, limits }) => s.setLimits(clusterId, limits),
  };
}
