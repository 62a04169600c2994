import { z } from 'zod';
import { fail, ok, type Result } from '../../../shared/result';
import { maxLsn } from './lsn';

const num = z.number().nullable();
const text = z.string().nullable();

export const ReceiverSchema = z.object({
  status: text,
  senderHost: text,
  senderPort: num,
  slotName: text,
  receivedTli: num,
  flushedLsn: text,
  /** The WAL receiver's libpq conninfo, password masked (pg_read_all_stats only). */
  conninfo: text,
  lastMsgReceiptAtMs: num,
  /** wal_receiver_timeout in ms (0: disabled); the receiver pings its upstream after half of it in silence. */
  timeoutMs: num.default(null),
});
export type Receiver = z.infer<typeof ReceiverSchema>;

/** One row of pg_stat_replication (joined with its slot). */
export const SenderSchema = z.object({
  pid: z.number(),
  applicationName: z.string(),
  clientAddr: text,
  clientHostname: text,
  state: text,
  sentLsn: text,
  writeLsn: text,
  flushLsn: text,
  replayLsn: text,
  writeLagMs: num,
  flushLagMs: num,
  replayLagMs: num,
  syncState: text,
  slotName: text,
  slotType: text,
});
export type Sender = z.infer<typeof SenderSchema>;

export const SlotRowSchema = z.object({
  name: z.string(),
  kind: z.string(),
  active: z.boolean(),
  database: text,
  walStatus: text,
  retainedBytes: num,
});
export type SlotRow = z.infer<typeof SlotRowSchema>;

/** What the sample statement returns for one node (see sample-query.ts). */
export const NodeReadingSchema = z.object({
  inRecovery: z.boolean(),
  version: z.string(),
  versionNum: z.number(),
  clusterName: z.string(),
  user: z.string(),
  isSuperuser: z.boolean().nullable(),
  canReadStats: z.boolean(),
  canReadFiles: z.boolean(),
  /** Logical subscriptions in the cluster (any database); their apply errors are read by conflicts/. */
  subscriptionCount: z.number().default(0),
  systemId: text,
  serverNowMs: z.number(),
  startedAtMs: num,
  readOnly: z.boolean(),
  minApplyDelay: z.string(),
  currentLsn: text,
  walFile: text,
  receiveLsn: text,
  replayLsn: text,
  replayPaused: z.boolean(),
  lastReplayAtMs: num,
  /** The primary's newest commit time (track_commit_timestamp on), else null. */
  lastCommitAtMs: num.default(null),
  receiver: ReceiverSchema.nullable(),
  senders: z.array(SenderSchema),
  slots: z.array(SlotRowSchema),
});
export type NodeReading = z.infer<typeof NodeReadingSchema>;

/** Parses the JSON document; a mismatch means the SQL and this schema disagree (a bug), named precisely. */
export function parseNodeReading(doc: unknown): Result<NodeReading> {
  let value: unknown = doc;
  if (typeof doc === 'string') {
    try {
      value = JSON.parse(doc);
    } catch {
      return fail('unknown', 'the sample query returned text that is not JSON');
    }
  }
  const parsed = NodeReadingSchema.safeParse(value);
  if (parsed.success) return ok(parsed.data);
  const first = parsed.error.issues[0];
  return fail('unknown', `the sample query returned an unexpected document (${first?.path.join('.')}: ${first?.message})`);
}

/** Timeline: from the WAL file name on a primary, from the WAL receiver on a standby. */
export function timelineOf(r: NodeReading): number | null {
  if (!r.inRecovery) return r.walFile ? Number.parseInt(r.walFile.slice(0, 8), 16) : null;
  return r.receiver?.receivedTli ?? null;
}

/** The furthest WAL position this node has: current on a primary, max(receive, replay) on a standby. */
export function walPositionOf(r: NodeReading): string | null {
  if (!r.inRecovery) return r.currentLsn;
  return maxLsn(r.receiveLsn, r.replayLsn);
}

/** The endpoint a standby's WAL receiver streams from, if it is streaming or trying to. */
export function receiverEndpoint(r: NodeReading): { host: string; port: number } | null {
  const rc = r.receiver;
  if (!rc?.senderHost || rc.senderPort === null) return null;
  return { host: rc.senderHost, port: rc.senderPort };
}
