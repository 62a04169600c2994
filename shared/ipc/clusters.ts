import { z } from 'zod';
import { ClusterSchema, ClusterSpecSchema, NodeAliasSchema, NodeAliasesSchema } from '../model/cluster';
import { ClusterHeadlineSchema } from '../model/cluster-state';
import { ClusterSampleSchema } from '../model/sample';
import { channel } from './channel';

export const clustersContract = {
  'clusters:list': channel(z.object({}), z.array(ClusterSchema)),
  'clusters:add': channel(ClusterSpecSchema, ClusterSchema),
  'clusters:remove': channel(z.object({ clusterId: z.string().min(1) }), z.object({ removed: z.boolean() })),
  'clusters:snapshot': channel(z.object({ clusterId: z.string().min(1) }), ClusterSampleSchema.nullable()),
  'clusters:setInterval': channel(
    z.object({ clusterId: z.string().min(1), sampleIntervalMs: z.number().int().min(250).max(60_000) }),
    ClusterSchema,
  ),
  /** Sets (or, with null, clears) the display name of one node; unique within the cluster. Answers the cluster's aliases. */
  'clusters:setAlias': channel(
    z.object({ clusterId: z.string().min(1), nodeId: z.string().min(1), alias: NodeAliasSchema.nullable() }),
    z.object({ aliases: NodeAliasesSchema }),
  ),
  /** The cluster's spec with every password, token and URL userinfo redacted (for the "Edit connection…" form). */
  'clusters:spec': channel(z.object({ clusterId: z.string().min(1) }), ClusterSpecSchema),
  /**
   * Replaces the cluster's connection in place (same id, history, aliases): the new spec is connected first and the
   * running cluster is left untouched on failure. Secret fields left empty keep the stored secret of the same entry.
   */
  'clusters:edit': channel(z.object({ clusterId: z.string().min(1), spec: ClusterSpecSchema }), ClusterSchema),
  /** Each cluster's current headline state (on start and after a reconnect; then through the delta stream). */
  'clusters:headlines': channel(z.object({}), z.array(ClusterHeadlineSchema)),
} as const;
