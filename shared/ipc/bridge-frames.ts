import { z } from 'zod';

/** Frames of the browser-mode WebSocket bridge; the payloads use the same contract as IPC. */
export const BridgeRequestSchema = z.object({
  id: z.number().int().nonnegative(),
  channel: z.string().min(1),
  request: z.unknown(),
});
export type BridgeRequest = z.infer<typeof BridgeRequestSchema>;

/**
 * Someone is using the page (a click, a key, a scroll), sent at most once a second. Only this keeps a
 * browser session alive: requests never do, since the page sends many on its own timers and an idle
 * tab must still time out.
 */
export const BridgeActivitySchema = z.object({ type: z.literal('activity') });
export type BridgeActivity = z.infer<typeof BridgeActivitySchema>;

/** What a page sends on the bridge. */
export const BridgeClientFrameSchema = z.union([BridgeActivitySchema, BridgeRequestSchema]);

export const BridgeServerFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('response'), id: z.number().int(), result: z.unknown() }),
  z.object({ type: z.literal('push'), channel: z.string(), payload: z.unknown() }),
]);
export type BridgeServerFrame = z.infer<typeof BridgeServerFrameSchema>;
