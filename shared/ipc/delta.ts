import { z } from 'zod';
import { ClusterSchema } from '../model/cluster';
import { ClusterSampleSchema } from '../model/sample';
import { ClusterEventSchema } from '../model/event';
import { LagPointSchema } from '../model/lag-point';
import { ActionRunSchema } from './actions';
import { ConflictEventSchema } from '../model/conflict';
import { ClusterHeadlineSchema } from '../model/cluster-state';
import { LockingSnapshotSchema } from '../model/locking';
import { BulkRunSchema } from './conflict-bulk';

/** The push channel the main process sends batched updates on. */
export const DELTA_CHANNEL = 'monitor:delta' as const;

/**
 * One batch of what changed since the last one (sent every 250–500 ms).
 * `samples` holds only the newest sample of each cluster that changed;
 * `lagPoints` holds every new point, so charts miss nothing.
 * Each sample carries `alarms`, the cluster's open alarms after it (see
 * electron/core/alarms): the newest sample of a cluster is its whole alarm
 * state, so a reloaded page (clusters:snapshot) sees what is open.
 */
export const MonitorDeltaSchema = z.object({
  seq: z.number().int().nonnegative(),
  at: z.number(),
  clusters: z.array(ClusterSchema),
  removedClusterIds: z.array(z.string()),
  samples: z.array(ClusterSampleSchema),
  events: z.array(ClusterEventSchema),
  lagPoints: z.array(z.object({ clusterId: z.string(), linkId: z.string(), point: LagPointSchema })),
  /** Actions whose plan or step states changed since the last delta. */
  actions: z.array(ActionRunSchema).default([]),
  /** Conflicts that appeared or changed since the last delta (the newest state of each; upsert by id). */
  conflicts: z.array(ConflictEventSchema).default([]),
  /** Each cluster's headline state, recomputed from its newest sample (the newest per cluster). */
  headlines: z.array(ClusterHeadlineSchema).default([]),
  /**
   * In-doubt transactions and blocking chains: each new reading of a cluster whose engine has them
   * (the newest per cluster). The renderer takes them from here; `locking:snapshot` is a one-shot read.
   */
  locking: z.array(LockingSnapshotSchema).default([]),
  /** Bulk conflict resolutions that progressed since the last delta (the newest record of each; upsert by id). */
  bulk: z.array(BulkRunSchema).default([]),
  /** Items dropped because the receiver was slow (counted, never blocking the producer). */
  dropped: z.number().int().nonnegative(),
});
export type MonitorDelta = z.infer<typeof MonitorDeltaSchema>;
