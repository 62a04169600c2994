import { z } from 'zod';
import { fail, ok, type Result } from '../../../../shared/result';
import type { NodeConnection } from '../node-connection';

/**
 * The subscriptions of the node's database with their apply error counts
 * (PG15+: pg_stat_subscription_stats, subdisableonerr, subskiplsn). Readable by
 * any login: these pg_subscription columns are granted to public (subconninfo
 * is not, and is not read), the stats views need pg_monitor for the pid.
 */
export const SUBSCRIPTIONS_SQL = `
SELECT s.oid::bigint AS oid, s.subname AS name, s.subenabled AS enabled, s.subdisableonerr AS "disableOnError",
       nullif(s.subskiplsn, '0/0')::text AS "skipLsn", s.subslotname AS "slotName", s.subpublications AS publications,
       coalesce(st.apply_error_count, 0)::int AS "applyErrors", w.pid AS "workerPid", w.received_lsn::text AS "receivedLsn",
       (SELECT setting::int FROM pg_settings WHERE name = 'wal_retrieve_retry_interval') AS "retryIntervalMs"
FROM pg_subscription s
LEFT JOIN pg_stat_subscription_stats st ON st.subid = s.oid
LEFT JOIN pg_stat_subscription w ON w.subid = s.oid AND w.relid IS NULL
WHERE s.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())
ORDER BY s.subname`;

export const SubscriptionRowSchema = z.object({
  oid: z.coerce.number(),
  name: z.string(),
  enabled: z.boolean(),
  disableOnError: z.boolean(),
  skipLsn: z.string().nullable(),
  slotName: z.string().nullable(),
  publications: z.array(z.string()),
  applyErrors: z.number(),
  workerPid: z.number().nullable(),
  receivedLsn: z.string().nullable(),
  /** wal_retrieve_retry_interval: how soon an enabled subscription's failed worker is started again. */
  retryIntervalMs: z.number(),
});
export type SubscriptionRow = z.infer<typeof SubscriptionRowSchema>;

export async function readSubscriptions(conn: NodeConnection, signal: AbortSignal): Promise<Result<SubscriptionRow[]>> {
  const r = await conn.query(SUBSCRIPTIONS_SQL, signal, 'replicadesk_subscriptions');
  if (!r.ok) return r;
  const parsed = z.array(SubscriptionRowSchema).safeParse(r.value);
  if (!parsed.success) return fail('unknown', `the subscription query returned an unexpected row (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message})`);
  return ok(parsed.data);
}

/** An apply error is pending while the subscription sits disabled after errors (disable_on_error). */
export function isStopped(s: SubscriptionRow): boolean {
  return !s.enabled && s.applyErrors > 0;
}

/** How long a disabled subscription must keep its error count before a stop that was not seen climbing is counted. */
export const STOP_SETTLE_MS = 1_000;

/** What one sample left about a subscription's apply errors, for the next sample. */
export interface SubscriptionWatch {
  errors: number;
  /** When the count last climbed (or was first seen). */
  climbedAt: number;
  /** Since when it has sat disabled with this count; null while enabled. */
  disabledAt: number | null;
}

/** The watch after this sample, and whether the count climbed since the last one. */
export function watchSubscription(prev: SubscriptionWatch | undefined, s: SubscriptionRow, now: number): { watch: SubscriptionWatch; climbed: boolean } {
  const climbed = prev !== undefined && s.applyErrors > prev.errors;
  const same = prev !== undefined && !climbed && prev.errors === s.applyErrors;
  const disabledAt = s.enabled ? null : same && prev.disabledAt !== null ? prev.disabledAt : now;
  return { watch: { errors: s.applyErrors, climbedAt: climbed ? now : (prev?.climbedAt ?? now), disabledAt }, climbed };
}

/**
 * Whether a stop can be given its error count. PG15's worker commits the
 * disable before its apply_error_count reaches the statistics (flushed as it
 * exits): for a moment the subscription is disabled with the old count. A stop
 * seen with the count climbing is counted at once; one found already stopped
 * (older than the monitor) once the count stayed put for STOP_SETTLE_MS.
 */
export function stopIsCounted(w: SubscriptionWatch, climbed: boolean, now: number): boolean {
  return climbed || (w.disabledAt !== null && now - w.disabledAt >= STOP_SETTLE_MS);
}

/**
 * Without disable_on_error the failed worker exits and is started again every
 * wal_retrieve_retry_interval, forever: the subscription stays enabled and its
 * apply_error_count climbs. `climbed` is whether it did since the last sample.
 */
export function isRetrying(s: SubscriptionRow, climbed: boolean): boolean {
  return s.enabled && s.applyErrors > 0 && climbed;
}
