import { z } from 'zod';

export const ClusterEventKindSchema = z.enum([
  'node-down',
  'node-up',
  'node-unreachable',
  'role-change',
  'link-broken',
  'link-restored',
  'lag-threshold',
  'lag-recovered',
  'slot-inactive',
  'slot-active',
  'leader-change',
  'conflict-detected',
  'split-brain',
  'in-doubt-transaction',
  'blocking-chain',
  'monitor-error',
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
});
export type ClusterEvent = z.infer<typeof ClusterEventSchema>;
