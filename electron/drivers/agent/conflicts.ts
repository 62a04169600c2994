import { z } from 'zod';
import type { AgentEvent } from '../../../shared/agent/events';
import type { AgentCommand } from '../../../shared/agent/commands';
import type { ConflictEvent, ConflictPolicy } from '../../../shared/model/conflict';
import { fail, ok, type Failure, type Result } from '../../../shared/result';
import { parseOrFail } from '../../../shared/validate';
import type { BatchResolveItem, BatchResolveResult, KeyReading, KeyTarget } from '../../core/driver';
import { readTargetsOnNodes, resolveOn } from './conflict-batch';
import type { AgentConnection } from './connection';

const ResolvedSchema = z.object({ version: z.string(), versionVector: z.string() });
const PolicySetSchema = z.object({ resolvedConflicts: z.array(z.string()) });
const ReadSchema = z.object({ value: z.unknown(), versions: z.array(z.unknown()).default([]), conflictId: z.string().nullable().default(null) });

/** Failures that mean "try another agent". */
const LOST = new Set(['connection-lost', 'agent-unavailable', 'node-down']);

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

  /**
   * Resolves a batch through the first agent that announces `resolveConflicts` (items lost with a connection
   * go to the next one); without such an agent, one `resolveConflict` per item.
   */
  async resolveBatch(items: BatchResolveItem[]): Promise<BatchResolveResult[]> {
    const done = new Map<string, BatchResolveResult>();
    let left = items;
    for (const c of this.d.connections()) {
      const st = c.status;
      if (left.length === 0) break;
      if (st.kind !== 'ready' || !c.capabilities.includes('resolveConflicts')) continue;
      const results = await resolveOn(c, st.welcome.nodeId, left);
      for (const r of results) done.set(r.conflictId, r);
      const lost = new Set(results.filter((r) => !r.result.ok && LOST.has(r.result.code)).map((r) => r.conflictId));
      left = left.filter((it) => lost.has(it.conflictId));
    }
    if (left.length === items.length) {
      for (const it of items) done.set(it.conflictId, { conflictId: it.conflictId, result: await this.resolveConflict(it.conflictId, it.value, it.how) });
    }
    return items.map((it) => done.get(it.conflictId) ?? { conflictId: it.conflictId, result: fail('agent-unavailable', 'no connected agent accepts resolveConflicts') });
  }

  /** Reads every target's key on every agent: one `readKeys` per agent (per 500 keys). */
  readKeysOnNodes(targets: KeyTarget[]): Promise<KeyReading[][]> {
    return readTargetsOnNodes(this.d.connections(), targets);
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
      if (!LOST.has(r.code)) return r;
    }
    return last;
  }
}
