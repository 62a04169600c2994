import { z } from 'zod';
import { LockingLimitsSchema, LockingSnapshotSchema } from '../model/locking';
import { channel } from './channel';

const clusterId = z.string().min(1);

/**
 * In-doubt prepared transactions and blocking chains. Acting on them
 * (COMMIT/ROLLBACK PREPARED, cancel, terminate) goes through `actions:plan`
 * and `actions:execute`, so it is previewed, confirmed, journalled and audited.
 */
export const lockingContract = {
  /** The latest reading (the core reads every few seconds); `fresh` reads every node now. */
  'locking:snapshot': channel(z.object({ clusterId, fresh: z.boolean().default(false) }), LockingSnapshotSchema),
  'locking:setLimits': channel(z.object({ clusterId, limits: LockingLimitsSchema }), LockingLimitsSchema),
} as const;
