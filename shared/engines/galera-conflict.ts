import { z } from 'zod';

/** Longest query text kept from a log line (display only). */
export const GALERA_QUERY_MAX_CHARS = 2_048;

/**
 * One thread of a Galera conflict as MariaDB's error log shows it (`wsrep_log_conflicts=ON`):
 * `THD: 11, mode: local, state: exec, conflict: certifying, seqno: -1` then `SQL: COMMIT`.
 * Display text only: never used to build SQL.
 */
export const GaleraConflictThreadSchema = z.object({
  /** The server's thread (connection) id (`THD`, or `conn_id` in a certification line). */
  thread: z.number().int().nonnegative().nullable(),
  /** `local` (a client's transaction) or `high priority` (a replication applier); null when the line does not say. */
  mode: z.string().max(40).nullable(),
  state: z.string().max(40).nullable(),
  /** Where the transaction was: `executing`, `certifying`, `committing`, …; null when the line does not say. */
  conflict: z.string().max(40).nullable(),
  /** The write set's seqno; null when the log shows -1 (not yet ordered). */
  seqno: z.number().int().nullable(),
  /** The statement the thread was running as the log shows it; null for `SQL: NULL` (between statements). */
  query: z.string().max(GALERA_QUERY_MAX_CHARS).nullable(),
  /** The query was cut: at a non-printable byte (MariaDB logs the applier's query buffer past its end) or at the length cap. */
  queryCut: z.boolean(),
});
export type GaleraConflictThread = z.infer<typeof GaleraConflictThreadSchema>;

/**
 * One conflict of the error log. `brute-force-abort`: MariaDB's block (`wsrep_log_conflicts=ON`), a local
 * transaction (the victim) rolled back because a write set from another node (the winner, a high-priority applier
 * thread) touched the same rows. `certification-failure`: Galera's one line (provider option
 * `cert.log_conflicts=YES`) for a local transaction that failed certification against an earlier write set.
 */
export const GaleraConflictRecordSchema = z.object({
  kind: z.enum(['brute-force-abort', 'certification-failure']),
  /** The log line's own timestamp text (server local time, whole seconds), e.g. `2026-12-07 14:15:11`. */
  loggedAt: z.string().max(40),
  victim: GaleraConflictThreadSchema,
  winner: GaleraConflictThreadSchema.nullable(),
  /** `db.table` from the victim's `MDL conflict db=… table=…` line when the log has one, as shown. */
  table: z.string().max(200).nullable(),
  /** The certification key as Galera shows it (a hash such as `(2,FLAT8)866807a3 303bd5fd`, not a table name). */
  key: z.string().max(200).nullable(),
  /** Lines inside the block the parser could not read (garbled, cut); the record has what could be read. */
  ignoredLines: z.number().int().nonnegative(),
});
export type GaleraConflictRecord = z.infer<typeof GaleraConflictRecordSchema>;

/** Conflicts kept per node for the panel, newest first. */
export const GALERA_CONFLICTS_KEPT = 5;

/** A record as the app received it from the node's agent (`at`: epoch ms on the app's clock). */
export const GaleraLoggedConflictSchema = z.object({ at: z.number(), record: GaleraConflictRecordSchema });
export type GaleraLoggedConflict = z.infer<typeof GaleraLoggedConflictSchema>;
