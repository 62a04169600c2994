import { z } from 'zod';
import { SandboxFaultSchema } from '../ipc/sandbox';
import { ConflictPolicySchema } from '../model/conflict';

/** Commands an agent may accept; each agent lists the names it supports in `hello.capabilities`. */
export const AgentCommandSchema = z.discriminatedUnion('name', [
  z.object({ name: z.literal('promote') }),
  z.object({ name: z.literal('fence') }),
  z.object({ name: z.literal('unfence') }),
  z.object({ name: z.literal('repoint'), upstream: z.string().min(1) }),
  z.object({ name: z.literal('rejoin'), upstream: z.string().min(1) }),
  z.object({ name: z.literal('write'), key: z.string().min(1).max(200), value: z.unknown() }),
  z.object({ name: z.literal('read'), key: z.string().min(1).max(200) }),
  z.object({ name: z.literal('transferLeadership'), to: z.string().min(1) }),
  z.object({
    name: z.literal('resolveConflict'),
    conflictId: z.string().min(1),
    value: z.unknown(),
    how: z.string().min(1).max(200),
  }),
  z.object({ name: z.literal('setConflictPolicy'), policy: ConflictPolicySchema, rule: z.unknown().optional() }),
  /** Sandbox only: fault injection. */
  z.object({ name: z.literal('fault'), fault: SandboxFaultSchema }),
]);
export type AgentCommand = z.infer<typeof AgentCommandSchema>;
export type AgentCommandName = AgentCommand['name'];
