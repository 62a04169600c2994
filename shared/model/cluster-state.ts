import { z } from 'zod';

/**
 * The one state a cluster is in, derived in core from the latest sample (and the actions the
 * driver offers). Primary/replica clusters use every state but `no-leader`; consensus clusters
 * use healthy / degraded / no-leader; multi-primary clusters use healthy / degraded. Any kind is
 * `partly-read` instead of healthy while the sample lists what it could not read.
 */
export const HeadlineStateSchema = z.enum([
  'healthy',
  /** Nothing read is wrong, but part of the topology could not be read (the title says what and why): never called healthy. */
  'partly-read',
  'degraded',
  /** The primary is unreachable by us AND its replicas' receivers lost it. */
  'primary-down',
  /** Only ReplicaDesk lost the primary; its replicas still stream from it. */
  'primary-unreachable',
  'no-writable-primary',
  /** Two nodes accept writes: not in recovery and not fenced read-only. */
  'split-brain',
  /** A node not in recovery but fenced read-only while another writable primary exists. */
  'fenced-old-primary',
  'no-leader',
  /** No node of the cluster answers ReplicaDesk and no replica it reads vouches for any: a full outage, or ReplicaDesk cut off. */
  'no-server-answers',
]);
export type HeadlineState = z.infer<typeof HeadlineStateSchema>;

/** What the admin should do next: an action the driver offers now, or advice without a button. */
export const HeadlineSuggestionSchema = z.object({
  /** The action to dry-run, or null when the advice has no button. */
  kind: z.enum(['failover', 'rejoin', 'unfence', 'fence']).nullable(),
  /** The node the action targets (a node id), when there is an action. */
  target: z.string().nullable(),
  /** e.g. "fail over to n2, ranked first: lag 0 B". */
  text: z.string(),
});
export type HeadlineSuggestion = z.infer<typeof HeadlineSuggestionSchema>;

export const ClusterHeadlineSchema = z.object({
  clusterId: z.string(),
  state: HeadlineStateSchema,
  /** e.g. "primary n1 down"; the UI adds how long, from `since`. */
  title: z.string(),
  /** When this state began (sample times, epoch ms). */
  since: z.number(),
  /** `takenAt` of the sample this was read from: the UI says how old it is when stale. */
  asOf: z.number(),
  /** The nodes the state is about, by display name, and their ids (same order). */
  nodes: z.array(z.string()),
  nodeIds: z.array(z.string()),
  suggestion: HeadlineSuggestionSchema.nullable(),
});
export type ClusterHeadline = z.infer<typeof ClusterHeadlineSchema>;

/** Healthy or not: for colours and the test hooks. */
export function headlineSeverity(state: HeadlineState): 'ok' | 'warn' | 'bad' {
  if (state === 'healthy') return 'ok';
  if (state === 'degraded' || state === 'partly-read' || state === 'fenced-old-primary' || state === 'primary-unreachable') return 'warn';
  return 'bad';
}
