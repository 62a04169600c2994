import { z } from 'zod';
import { LagPointSchema } from '../model/lag-point';
import { ClusterSampleSchema } from '../model/sample';
import { SeveritySchema } from '../model/event';
import { ActionRunSchema } from './actions';
import { channel } from './channel';

export const MIN_RANGE_MS = 5 * 60_000;
export const MAX_RANGE_MS = 90 * 24 * 3_600_000;

/** Stored resolutions: every sample, then 10 s, 1 min and 1 h rollups (min, max, mean). */
export const HistoryResolutionSchema = z.enum(['raw', '10s', '1m', '1h']);
export type HistoryResolution = z.infer<typeof HistoryResolutionSchema>;

export const HistoryLagSchema = z.object({
  resolution: HistoryResolutionSchema,
  /** Width of one returned point (0 for raw points returned as they were taken). */
  stepMs: z.number().int().nonnegative(),
  from: z.number(),
  to: z.number(),
  /** Means per step. */
  points: z.array(LagPointSchema),
  /** Highest value per step (same `at` as `points`); equal to `points` for raw data. */
  max: z.array(LagPointSchema),
  /** Why the resolution is coarser than the range asks for (fine data trimmed by retention or the size cap). */
  note: z.string().nullable(),
});
export type HistoryLag = z.infer<typeof HistoryLagSchema>;

export const HistoryMomentSchema = z.object({
  at: z.number(),
  /** The cluster as it was (nodes, links with their lag then, open alarms); null when nobody was watching. */
  sample: ClusterSampleSchema.nullable(),
  /** Actions running at that moment, with each step's state as of then. */
  actions: z.array(ActionRunSchema),
  /** When the stored topology that applies was written (the last change or keyframe before `at`). */
  topologyAt: z.number().nullable(),
  note: z.string().nullable(),
});
export type HistoryMoment = z.infer<typeof HistoryMomentSchema>;

/** `silence`: a silence or maintenance window of the alerts (from `alerts:silences`, drawn with the history's markers). */
export const MarkerKindSchema = z.enum(['event', 'alarm', 'action', 'failover', 'conflict', 'gap', 'silence']);
export type MarkerKind = z.infer<typeof MarkerKindSchema>;

export const HistoryMarkerSchema = z.object({
  at: z.number(),
  /** Alarms: when cleared; actions: when ended; gaps: when watching resumed. */
  endAt: z.number().nullable(),
  kind: MarkerKindSchema,
  severity: SeveritySchema,
  title: z.string(),
});
export type HistoryMarker = z.infer<typeof HistoryMarkerSchema>;

export const SinceItemSchema = z.object({
  at: z.number(),
  kind: z.enum(['failover', 'alarm-raised', 'alarm-cleared', 'conflict', 'conflict-resolved', 'gap']),
  clusterId: z.string(),
  clusterName: z.string(),
  severity: SeveritySchema,
  title: z.string(),
});
export type SinceItem = z.infer<typeof SinceItemSchema>;

export const HistoryStatusSchema = z.object({
  /** `file`: kept on disk; `memory`: the file could not be used, history lasts until the app stops. */
  mode: z.enum(['file', 'memory']),
  file: z.string(),
  problem: z.string().nullable(),
  sizeBytes: z.number().nonnegative(),
  capBytes: z.number().positive(),
  /** Oldest moment kept at each resolution (null: none). */
  oldest: z.object({ raw: z.number().nullable(), '10s': z.number().nullable(), '1m': z.number().nullable(), '1h': z.number().nullable() }),
});
export type HistoryStatus = z.infer<typeof HistoryStatusSchema>;

const sessionId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8–64 letters, digits, _ or -');
const clusterId = z.string().min(1);

export const historyContract = {
  /** A link's lag over `rangeMs` ending at `to` (default now), at the resolution that fits `maxPoints`. */
  'history:lag': channel(
    z.object({
      clusterId,
      linkId: z.string().min(1),
      rangeMs: z.number().int().min(MIN_RANGE_MS).max(MAX_RANGE_MS),
      to: z.number().optional(),
      maxPoints: z.number().int().min(10).max(5_000).default(600),
    }),
    HistoryLagSchema,
  ),
  /** The cluster as it was at `at`. */
  'history:at': channel(z.object({ clusterId, at: z.number() }), HistoryMomentSchema),
  /** Events, alarms, actions, failovers, conflicts and watching gaps between `from` and `to`, for the timeline. */
  'history:markers': channel(
    z.object({ clusterId, from: z.number(), to: z.number(), limit: z.number().int().min(1).max(5_000).default(1_000) }),
    z.array(HistoryMarkerSchema),
  ),
  /**
   * What changed since the app was last open (by any window): the first call of a window session fixes `since`
   * (the last moment another session was seen); later calls of the same session return the same span.
   */
  'history:since': channel(z.object({ sessionId }), z.object({ since: z.number().nullable(), until: z.number(), items: z.array(SinceItemSchema) })),
  /** A window session is still open (sent every 30 s and when the page hides). */
  'history:seen': channel(z.object({ sessionId }), z.object({ seenAt: z.number() })),
  'history:status': channel(z.object({}), HistoryStatusSchema),
} as const;
