import { z } from 'zod';
import { channel } from './channel';

/** The built-in alert rules (electron/core/alerts/rules-*.ts). */
export const AlertRuleSchema = z.enum([
  'primary-down',
  /** No server of the cluster answers ReplicaDesk (a rotated password, a network cut, every server stopped): monitoring is blind. */
  'no-server-answers',
  'no-writable-primary',
  'split-brain',
  'lag',
  'slot-retained',
  'conflict-opened',
  'in-doubt',
  'leader-flapping',
  /** A PgBouncer left paused (its open alarm): every pooled client waits. */
  'pooler-paused',
  /** A pooler left routing a write database to a node that refuses writes (its open alarm). */
  'pooler-misrouted',
]);
export type AlertRule = z.infer<typeof AlertRuleSchema>;

/** Per-cluster limits of the rules; every rule has a raise and a (lower) clear condition. */
export const RuleLimitsSchema = z.object({
  lagBytes: z.number().int().positive().default(64 * 1024 * 1024),
  lagSeconds: z.number().positive().default(60),
  /** Lag must stay over a limit this long before the alert fires. */
  lagForSeconds: z.number().nonnegative().default(30),
  slotRetainedBytes: z.number().int().positive().default(5 * 1024 ** 3),
  inDoubtAgeSeconds: z.number().positive().default(300),
  leaderChanges: z.number().int().positive().default(3),
  leaderWindowMinutes: z.number().positive().default(10),
  disabled: z.array(AlertRuleSchema).default([]),
});
export type RuleLimits = z.infer<typeof RuleLimitsSchema>;

/** A receiver as the UI sees it: its URL is kept whole in the secret store; `target` is only scheme://host:port. */
export const ReceiverSchema = z.object({
  id: z.string().min(1),
  kind: z.enum(['alertmanager', 'webhook', 'slack']),
  target: z.string(),
  hasToken: z.boolean(),
});
export type Receiver = z.infer<typeof ReceiverSchema>;

/** What the admin sends to add or replace a receiver (URL and token go to the secret store). */
export const ReceiverInputSchema = z.object({
  id: z.string().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only'),
  kind: ReceiverSchema.shape.kind,
  url: z.url({ protocol: /^https?$/ }),
  /** Sent as `Authorization: Bearer …`. */
  token: z.string().max(4096).optional(),
});
export type ReceiverInput = z.infer<typeof ReceiverInputSchema>;

export const MetricsEndpointSchema = z.object({
  enabled: z.boolean().default(false),
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(1).max(65_535).default(9966),
  hasToken: z.boolean().default(false),
});
export type MetricsEndpoint = z.infer<typeof MetricsEndpointSchema>;

export const AlertSchema = z.object({
  key: z.string(),
  rule: AlertRuleSchema,
  clusterId: z.string(),
  cluster: z.string(),
  nodeId: z.string().nullable(),
  node: z.string().nullable(),
  severity: z.enum(['warning', 'critical']),
  summary: z.string(),
  /** When it clears, in words. */
  clearsWhen: z.string(),
  startsAt: z.number(),
  endsAt: z.number().nullable(),
  status: z.enum(['firing', 'resolved']),
  /** The silence holding it back, if any (an alert is still tracked while silenced). */
  silencedBy: z.string().nullable(),
  /** The running (or just ended) action on its cluster and the reason given on confirm. */
  action: z.string().nullable(),
});
export type Alert = z.infer<typeof AlertSchema>;

export const DeliverySchema = z.object({
  receiverId: z.string(),
  kind: z.string(),
  target: z.string(),
  state: z.enum(['idle', 'ok', 'retrying', 'failing']),
  queued: z.number().int().nonnegative(),
  dropped: z.number().int().nonnegative(),
  sent: z.number().int().nonnegative(),
  lastAttemptAt: z.number().nullable(),
  lastOkAt: z.number().nullable(),
  /** e.g. "Alertmanager at http://127.0.0.1:9093 refused: 400 …". */
  lastError: z.string().nullable(),
});
export type Delivery = z.infer<typeof DeliverySchema>;

/** What is kept of a receiver's delivery across restarts (in alerts.json; never a URL path, query or token). */
export const DeliveryStateSchema = DeliverySchema.pick({ state: true, dropped: true, sent: true, lastAttemptAt: true, lastOkAt: true, lastError: true });
export type DeliveryState = z.infer<typeof DeliveryStateSchema>;

const SendOutcomeSchema = z.object({ ok: z.boolean(), error: z.string().nullable() });

/** "Send test alert": a test alert and its resolution right after, each with its outcome. */
export const ReceiverTestSchema = z.object({
  receiverId: z.string(),
  at: z.number(),
  title: z.string(),
  firing: SendOutcomeSchema,
  resolved: SendOutcomeSchema,
});
export type ReceiverTest = z.infer<typeof ReceiverTestSchema>;

export const SilenceSchema = z.object({
  id: z.string(),
  clusterId: z.string(),
  /** null: the whole cluster. */
  nodeId: z.string().nullable(),
  startsAt: z.number(),
  endsAt: z.number(),
  reason: z.string(),
  createdBy: z.string(),
  /** Set when expired early by the admin. */
  expiredAt: z.number().nullable(),
});
export type Silence = z.infer<typeof SilenceSchema>;

/** A desktop notification: what the Electron shell or the browser shows. */
export const NoticeSchema = z.object({
  seq: z.number().int(),
  title: z.string(),
  body: z.string(),
  severity: z.enum(['warning', 'critical', 'resolved']),
  key: z.string(),
});
export type Notice = z.infer<typeof NoticeSchema>;

const clusterId = z.string().min(1);

export const alertsContract = {
  /** Open and recently resolved alerts, each receiver's delivery status, and silences. */
  'alerts:state': channel(
    z.object({}),
    z.object({ alerts: z.array(AlertSchema), deliveries: z.array(DeliverySchema), silences: z.array(SilenceSchema) }),
  ),
  'alerts:config': channel(
    z.object({}),
    z.object({ receivers: z.array(ReceiverSchema), limits: z.record(z.string(), RuleLimitsSchema), defaults: RuleLimitsSchema, metrics: MetricsEndpointSchema }),
  ),
  'alerts:setReceiver': channel(ReceiverInputSchema, z.array(ReceiverSchema)),
  'alerts:removeReceiver': channel(z.object({ id: z.string().min(1) }), z.array(ReceiverSchema)),
  /** Sends a test alert (clearly titled) and its resolution to one receiver now; the outcome comes back as data. */
  'alerts:testReceiver': channel(z.object({ id: z.string().min(1) }), ReceiverTestSchema),
  'alerts:setLimits': channel(z.object({ clusterId, limits: RuleLimitsSchema }), RuleLimitsSchema),
  /** Turns the Prometheus endpoint on or off; a token (optional, kept in the secret store) makes it require Bearer auth. */
  'alerts:setMetrics': channel(
    z.object({ enabled: z.boolean(), host: z.string().min(1).default('127.0.0.1'), port: z.number().int().min(1).max(65_535), token: z.string().max(4096).optional() }),
    MetricsEndpointSchema,
  ),
  'alerts:silence': channel(
    z.object({ clusterId, nodeId: z.string().min(1).nullable().default(null), durationMs: z.number().int().min(1_000).max(30 * 24 * 3_600_000), reason: z.string().trim().min(1).max(500) }),
    SilenceSchema,
  ),
  'alerts:expireSilence': channel(z.object({ id: z.string().min(1) }), SilenceSchema),
  /** Every silence and maintenance window with its start and end (for the timeline). */
  'alerts:silences': channel(z.object({ clusterId: clusterId.optional() }), z.array(SilenceSchema)),
  /** Desktop notices after `afterSeq` (the browser's implementation of DesktopNotifier pulls them). */
  'alerts:notices': channel(z.object({ afterSeq: z.number().int().default(0) }), z.array(NoticeSchema)),
} as const;
