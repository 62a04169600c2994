import { z } from 'zod';

export const LinkStateSchema = z.enum(['streaming', 'catchup', 'stopped', 'broken', 'ended']);
export type LinkState = z.infer<typeof LinkStateSchema>;

export const SyncModeSchema = z.enum(['async', 'sync', 'quorum']);
export type SyncMode = z.infer<typeof SyncModeSchema>;

const bytes = z.number().nonnegative().nullable();
const ms = z.number().nonnegative().nullable();

/**
 * Lag of one link. Bytes are distances between log positions; time is how far
 * replay is behind the upstream, and is 0 once everything received is replayed.
 * `measuredAt` is epoch ms; `source` says where the figures came from.
 */
export const LagSchema = z.object({
  bytes: z.object({ sent: bytes, write: bytes, flush: bytes, replay: bytes }),
  ms: z.object({ write: ms, flush: ms, replay: ms }),
  measuredAt: z.number(),
  /** The ms figures' resolution when coarser than 1 ms (MariaDB's Seconds_Behind_Master: 1000): shown in whole seconds. */
  msResolution: z.number().positive().optional(),
  source: z.string(),
  /**
   * Transactions the replica has not applied (GTID distance), in total and per GTID domain; only engines with
   * GTIDs (MariaDB) set it. null when the upstream's position could not be read this round.
   */
  transactions: z.object({ behind: z.number().int().nonnegative(), perDomain: z.record(z.string(), z.number().int().nonnegative()) }).nullable().optional(),
});
export type Lag = z.infer<typeof LagSchema>;

export const ReplicationLinkSchema = z.object({
  /** `${from}->${to}` */
  id: z.string(),
  from: z.string(),
  to: z.string(),
  state: LinkStateSchema,
  sync: SyncModeSchema,
  lag: LagSchema,
  /** `ended`: when neither side reported it any more (shown for a grace period, then removed). */
  endedAt: z.number().optional(),
  /** Name the upstream knows this link by (application_name, slot, peer id). */
  label: z.string().optional(),
});
export type ReplicationLink = z.infer<typeof ReplicationLinkSchema>;

export function linkId(from: string, to: string): string {
  return `${from}->${to}`;
}
