import { z } from 'zod';
import { ClusterSchema, ClusterSpecSchema } from '../model/cluster';
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
} as const;
