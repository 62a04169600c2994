import { z } from 'zod';

export const ClusterEventKindSchema = z.enum([
  'node-down',
  'node-up',
  'node-unreachable',
  'node-degraded',
  'role-change',
  'link-broken',
  'link-restored',
  'link-ended',
  'lag-threshold',
  'lag-recovered',
  'slot-inactive',
  'slot-active',
  /** A PgBouncer in front of the cluster stayed paused (its clients wait), or does not answer its admin console. */
  'pooler-paused',
  'pooler-unreachable',
  /** A pooler database that carried writes routes to a node that refuses them (left behind by a switchover or failover). */
  'pooler-misrouted',
  'leader-change',
  'conflict-detected',
  'split-brain',
  /** A primary/replica cluster where the primary answers but no node accepts writes (fenced). */
  'no-writable-primary',
  'in-doubt-transaction',
  'blocking-chain',
  'monitor-error',
  /** An open alarm's clear condition held: `alarmKey` names the alarm it clears. */
  'cleared',
  /** A failover could not fence the old primary (down): it is fenced the moment it answers writable. */
  'fence-on-return',
  /** That order ended: the node was fenced on return, or answered fenced / in recovery. */
  'fence-on-return-cleared',
  /** An action that ended with manual steps left turned fully done (the admin's steps were seen done). */
  'action-completed',
]);
export type ClusterEventKind = z.infer<typeof ClusterEventKindSchema>;

export const SeveritySchema = z.enum(['info', 'warning', 'critical']);
export type Severity = z.infer<typeof SeveritySchema>;

export const ClusterEventSchema = z.object({
  id: z.string(),
  clusterId: z.string(),
  at: z.number(),
  kind: ClusterEventKindSchema,
  severity: SeveritySchema,
  nodeId: z.string().nullable(),
  message: z.string(),
  /** The alarm this event raised (kind = the alarm's kind) or cleared (kind `cleared`). */
  alarmKey: z.string().optional(),
  /** What to do about it (raised alarms). */
  runbook: z.string().optional(),
});
export type ClusterEvent = z.infer<typeof ClusterEventSchema>;

/**
 * A condition that holds now and needs the admin: raised by an event, open
 * until its clear condition holds, then cleared by a `cleared` event.
 * `key` is `${kind}:${subject}` (subject: node id, link id, `node/slot`, or `cluster`).
 */
export const AlarmSchema = z.object({
  key: z.string(),
  kind: ClusterEventKindSchema,
  severity: SeveritySchema,
  /** The node it is about (a link's downstream node), or null for the cluster. */
  nodeId: z.string().nullable(),
  raisedAt: z.number(),
  /** Id of the event that raised it. */
  eventId: z.string(),
  /** The latest wording (figures refresh while it is open). */
  message: z.string(),
  /** When it clears, in words. */
  clearsWhen: z.string(),
  runbook: z.string(),
});
export type Alarm = z.infer<typeof AlarmSchema>;
