import { z } from 'zod';
import { channel } from './channel';

/** Faults the sandbox toolbar injects, so an admin can rehearse safely. Links are named by their ends. */
export const SandboxFaultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('kill-node'), nodeId: z.string().min(1) }),
  z.object({ kind: z.literal('restart-node'), nodeId: z.string().min(1) }),
  z.object({
    kind: z.literal('slow-link'),
    from: z.string().min(1).optional(),
    to: z.string().min(1),
    delayMs: z.number().int().min(0).max(600_000),
    bandwidthBytesPerSec: z.number().int().min(1).max(1_000_000_000).nullable(),
  }),
  z.object({ kind: z.literal('cut-link'), from: z.string().min(1).optional(), to: z.string().min(1) }),
  z.object({ kind: z.literal('heal-link'), from: z.string().min(1).optional(), to: z.string().min(1) }),
  z.object({ kind: z.literal('write-rate'), writesPerSecond: z.number().min(0).max(10_000) }),
  z.object({
    kind: z.literal('same-key'),
    nodeIds: z.tuple([z.string().min(1), z.string().min(1)]),
    key: z.string().min(1).max(200).optional(),
  }),
]);
export type SandboxFault = z.infer<typeof SandboxFaultSchema>;

export const sandboxContract = {
  'sandbox:fault': channel(
    z.object({ clusterId: z.string().min(1), fault: SandboxFaultSchema }),
    z.object({ detail: z.string() }),
  ),
} as const;
