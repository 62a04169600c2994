import { z } from 'zod';

/** One point of a link's lag history, as stored and charted. */
export const LagPointSchema = z.object({
  at: z.number(),
  sentBytes: z.number().nullable(),
  writeBytes: z.number().nullable(),
  flushBytes: z.number().nullable(),
  replayBytes: z.number().nullable(),
  writeMs: z.number().nullable(),
  flushMs: z.number().nullable(),
  replayMs: z.number().nullable(),
});
export type LagPoint = z.infer<typeof LagPointSchema>;
