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
