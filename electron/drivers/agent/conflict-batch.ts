import { z } from 'zod';
import { MAX_BATCH_ITEMS } from '../../../shared/agent/commands';
import { fail, ok, type Result } from '../../../shared/result';
import { parseOrFail } from '../../../shared/validate';
import type { BatchResolveItem, BatchResolveResult, KeyReading, KeyTarget } from '../../core/driver';
import type { AgentConnection } from './connection';

const BatchResultSchema = z.object({
  results: z.array(
    z.union([
      z.object({ conflictId: z.string(), ok: z.literal(true), version: z.string(), versionVector: z.string() }),
      z.object({ conflictId: z.string(), ok: z.literal(false), code: z.string(), reason: z.string() }),
    ]),
  ),
});
const ReadingSchema = z.object({ value: z.unknown(), versions: z.array(z.unknown()).default([]), conflictId: z.string().nullable().default(null) });
const ReadKeysSchema = z.object({ readings: z.array(ReadingSchema) });

type Reading = KeyReading['result'];
const chunks = <T>(xs: T[]): T[][] => Array.from({ length: Math.ceil(xs.length / MAX_BATCH_ITEMS) }, (_, i) => xs.slice(i * MAX_BATCH_ITEMS, (i + 1) * MAX_BATCH_ITEMS));

/**
 * Sends one `resolveConflicts` per chunk of items to `conn`; every item gets its own result (a refused
 * item fails alone; a lost command fails the items it carried, by id).
 */
export async function resolveOn(conn: AgentConnection, nodeId: string, items: BatchResolveItem[]): Promise<BatchResolveResult[]> {
  const out: BatchResolveResult[] = [];
  for (const part of chunks(items)) {
    const sent = await conn.command({ name: 'resolveConflicts', items: part.map(({ conflictId, value, how }) => ({ conflictId, value, how })) });
    const parsed = sent.ok ? parseOrFail(BatchResultSchema, sent.value, 'resolveConflicts result') : sent;
    const byId = new Map(parsed.ok ? parsed.value.results.map((r) => [r.conflictId, r]) : []);
    for (const it of part) {
      const r = byId.get(it.conflictId);
      if (!parsed.ok) out.push({ conflictId: it.conflictId, result: parsed });
      else if (!r) out.push({ conflictId: it.conflictId, result: fail('no-result', `${nodeId} answered without this conflict`) });
      else if (!r.ok) out.push({ conflictId: it.conflictId, result: fail(r.code, r.reason) });
      else out.push({ conflictId: it.conflictId, result: ok({ nodeId, detail: `${nodeId} wrote version ${r.version} with vector ${r.versionVector} (batch of ${part.length})` }) });
    }
  }
  return out;
}

/** Reads every key on one agent: `readKeys` per chunk where it is announced, else `read` per key. One result per key, in order. */
export async function readAllOn(conn: AgentConnection, keys: string[]): Promise<Reading[]> {
  const one = (v: unknown): Reading => {
    const p = parseOrFail(ReadingSchema, v, 'read result');
    return p.ok ? ok({ value: p.value.value, versions: p.value.versions.length, conflictId: p.value.conflictId }) : p;
  };
  if (!conn.capabilities.includes('readKeys')) {
    return Promise.all(keys.map(async (key) => {
      const r = await conn.command({ name: 'read', key });
      return r.ok ? one(r.value) : r;
    }));
  }
  const out: Reading[] = [];
  for (const part of chunks(keys)) {
    const r = await conn.command({ name: 'readKeys', keys: part });
    const parsed: Result<z.infer<typeof ReadKeysSchema>> = r.ok ? parseOrFail(ReadKeysSchema, r.value, 'readKeys result') : r;
    part.forEach((_, i) => {
      if (!parsed.ok) out.push(parsed);
      else {
        const reading = parsed.value.readings[i];
        out.push(reading ? ok({ value: reading.value, versions: reading.versions.length, conflictId: reading.conflictId }) : fail('no-result', 'the agent answered without this key'));
      }
    });
  }
  return out;
}

/** Per target, the readings of every agent (one failed reading for an agent not connected). */
export async function readTargetsOnNodes(conns: readonly AgentConnection[], targets: KeyTarget[]): Promise<KeyReading[][]> {
  const keys = targets.map((t) => t.key);
  const perConn = await Promise.all(
    conns.map(async (c) => {
      const nodeId = c.status.kind === 'ready' ? c.status.welcome.nodeId : null;
      if (nodeId === null) return { nodeId: c.url, results: keys.map((): Reading => fail('agent-unavailable', `the agent at ${c.url} is not connected`)) };
      return { nodeId, results: await readAllOn(c, keys) };
    }),
  );
  return targets.map((_, i) => perConn.map(({ nodeId, results }) => ({ nodeId, result: results[i]! })));
}
