import { z } from 'zod';
import { LagPointSchema } from '../model/lag-point';
import { channel } from './channel';

export const metricsContract = {
  /** A link's lag history, downsampled to at most `maxPoints`. */
  'lag:history': channel(
    z.object({
      clusterId: z.string().min(1),
      linkId: z.string().min(1),
      windowMs: z.number().int().min(1_000).max(24 * 3_600_000).default(15 * 60_000),
      maxPoints: z.number().int().min(2).max(5_000).default(300),
    }),
    z.array(LagPointSchema),
  ),
} as const;
