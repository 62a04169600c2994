import { z } from 'zod';
import type { AgentEvent } from '../../../shared/agent/events';
import type { AgentCommand } from '../../../shared/agent/commands';
import type { ConflictEvent, ConflictPolicy } from '../../../shared/model/conflict';
import { fail, ok, type Failure, type Result } from '../../../shared/result';
import { parseOrFail } from '../../../shared/validate';
import type { KeyReading } from '../../core/driver';
import type { AgentConnection } from './connection';

const ResolvedSchema = z.object({ version: z.string(), versionVector: z.string() });
const PolicySetSchema = z.object({ resolvedConflicts: z.array(z.string()) });
const ReadSchema = z.object({ value: z.unknown(), versions: z.array(z.unknown()).default([]), conflictId: z.string().nullable().default(null) });

export interface ConflictDeps {
  clusterId: string;
  connections(): readonly AgentConnection[];
  onAgentEvent(listener: (event: AgentEvent) => void): () => void;
}

function nodeOf(c: AgentConnection): string | null {
  return c.status.kind === 'ready' ? c.status.welcome.nodeId : null;
}

/**
 * Conflicts over the agent protocol: full conflict events (upserted by id by
 * the app), resolution and policy commands, and reading a key on every node
 * to verify convergence.
 */
export class AgentConflicts {
  constructor(private readonly d: ConflictDeps) {}

  onConflict(listener: (conflict: ConflictEvent) => void): () => void {
    return this.d.onAgentEvent((e) => {
      if (e.kind === 'conflict-detected' && e.conflict) listener({ ...e.conflict, clusterId: this.d.clusterId });
    });
  }

  async resolveConflict(conflictId: string, value: unknown, how: string): Promise<Result<{ nodeId: string; detail: string }>> {
    const sent = await this.toAnyAgent({ name: 'resolveConflict', conflictId, value, how });
    if (!sent.ok) return sent;
    const parsed = parseOrFail(ResolvedSchema, sent.value.value, 'resolveConflict result');
    if (!parsed.ok) return parsed;
    return ok({ nodeId: sent.value.nodeId, detail: `${sent.value.nodeId} wrote version ${parsed.value.version} with vector ${parsed.value.versionVector}` });
  }

  async setConflictPolicy(policy: ConflictPolicy, rule: unknown): Promise<Result<{ resolvedConflicts: string[] }>> {
    const sent = await this.toAnyAgent(rule === undefined ? { name: 'setConflictPolicy', policy } : { name: 'setConflictPolicy', policy, rule });
    if (!sent.ok) return sent;
    return parseOrFail(PolicySetSchema, sent.value.value, 'setConflictPolicy result');
  }

  /** Reads `key` on every agent; an agent that is not connected gives a failed reading. */
  async readKeyOnNodes(key: string): Promise<KeyReading[]> {
    return Promise.all(
      this.d.connections().map(async (c): Promise<KeyReading> => {
        const nodeId = nodeOf(c);
        if (nodeId === null) return { nodeId: c.url, result: fail('agent-unavailable', `the agent at ${c.url} is not connected`) };
        const r = await c.command({ name: 'read', key });
        if (!r.ok) return { nodeId, result: r };
        const parsed = parseOrFail(ReadSchema, r.value, 'read result');
        if (!parsed.ok) return { nodeId, result: parsed };
        return { nodeId, result: ok({ value: parsed.value.value, versions: parsed.value.versions.length, conflictId: parsed.value.conflictId }) };
      }),
    );
  }

  /** Sends a command to the first connected agent that supports it, moving on when one is lost. */
  private async toAnyAgent(command: AgentCommand): Promise<Result<{ nodeId: string; value: unknown }>> {
    let last: Failure = fail('agent-unavailable', `no connected agent accepts ${command.name}`);
    for (const c of this.d.connections()) {
      const st = c.status;
      if (st.kind !== 'ready' || !c.capabilities.includes(command.name)) continue;
      const nodeId = st.welcome.nodeId;
      const r = await c.command(command);
      if (r.ok) return ok({ nodeId, value: r.value });
      last = r;
      if (r.code !== 'connection-lost' && r.code !== 'agent-unavailable' && r.code !== 'node-down') return r;
    }
    return last;
  }
}
