import { z } from 'zod';

/**
 * What the MariaDB driver shows beyond the common model, per server: GTID positions, semi-sync,
 * the heartbeat and errant transactions. Rendered by renderer/features/mariadb.
 */
export const MariadbSemiSyncSchema = z.object({
  /** rpl_semi_sync_master_enabled / Rpl_semi_sync_master_status (ON only while replicas acknowledge). */
  master: z.object({ enabled: z.boolean(), active: z.boolean(), clients: z.number().int().nonnegative(), timeoutMs: z.number().nonnegative() }).nullable(),
  /** rpl_semi_sync_slave_enabled / Rpl_semi_sync_slave_status. */
  slave: z.object({ enabled: z.boolean(), active: z.boolean() }).nullable(),
});

export const MariadbHeartbeatSchema = z.object({
  /** Time lag from the heartbeat row: this server's read time minus the row's write time on the primary. */
  lagMs: z.number().nonnegative().nullable(),
  /** server_id of the primary that wrote the row read here. */
  sourceServerId: z.number().int().nullable(),
  measuredAt: z.number().nullable(),
  /** On a primary that writes it: when its own row was last written (its clock, epoch ms). */
  writtenAt: z.number().nullable().optional(),
  /** Why there is no heartbeat figure (not enabled, no table, no grant), in words a DBA can act on. */
  note: z.string().nullable(),
});

export const MariadbNodeDetailSchema = z.object({
  serverId: z.number().int().nullable(),
  gtidBinlogPos: z.string(),
  gtidSlavePos: z.string(),
  gtidCurrentPos: z.string(),
  logBin: z.boolean().nullable(),
  logSlaveUpdates: z.boolean().nullable(),
  gtidStrictMode: z.boolean().nullable(),
  /** Errant transactions, each named `domain-server-seq`. */
  errantGtids: z.array(z.string()),
  semiSync: MariadbSemiSyncSchema.nullable(),
  heartbeat: MariadbHeartbeatSchema.nullable(),
});
export type MariadbNodeDetail = z.infer<typeof MariadbNodeDetailSchema>;
export type MariadbSemiSync = z.infer<typeof MariadbSemiSyncSchema>;
export type MariadbHeartbeat = z.infer<typeof MariadbHeartbeatSchema>;
