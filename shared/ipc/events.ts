import { z } from 'zod';
import { ClusterEventSchema } from '../model/event';
import { channel } from './channel';

export const eventsContract = {
  'events:list': channel(
    z.object({ clusterId: z.string().min(1).optional(), limit: z.number().int().min(1).max(5_000).default(500) }),
    z.array(ClusterEventSchema),
  ),
} as const;
