import { z } from 'zod';

/** Frames of the browser-mode WebSocket bridge; the payloads use the same contract as IPC. */
export const BridgeRequestSchema = z.object({
  id: z.number().int().nonnegative(),
  channel: z.string().min(1),
  request: z.unknown(),
});
export type BridgeRequest = z.infer<typeof BridgeRequestSchema>;

export const BridgeServerFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('response'), id: z.number().int(), result: z.unknown() }),
  z.object({ type: z.literal('push'), channel: z.string(), payload: z.unknown() }),
]);
export type BridgeServerFrame = z.infer<typeof BridgeServerFrameSchema>;
