import { createHash } from 'node:crypto';
import type { ConflictEvent, ConflictVersion, EngineDecision } from '../../../../shared/model/conflict';
import type { Observation, ObservedVersion } from './observation';

/** Observations of the same table, key and kind this close together are one conflict seen from several nodes. */
export const GROUP_WINDOW_MS = 60_000;

/**
 * One conflict as every node logged it: in a mesh of three, an update/update
 * between n1 and n2 is logged on n1, on n2 and on n3 (which received both).
 * Versions are merged by the node that wrote them.
 */
export interface ConflictGroup {
  id: string;
  first: Observation;
  observations: Observation[];
  status: 'open' | 'resolved';
  review: EngineDecision['review'];
  resolution: ConflictEvent['resolution'];
  notes: string[];
  /** Set when the conflict is ReplicaDesk's own overturn of that decision replicating (overturn-echo.ts). */
  echoOf: string | null;
}

export function groupKey(o: Observation): string {
  return `${o.tableText}|${o.keyText}|${o.kind}`;
}

export function newGroup(o: Observation, echoOf: string | null = null): ConflictGroup {
  const id = `pgl:${createHash('sha256').update(`${groupKey(o)}|${o.error ? `${o.loggedOn}|${o.commitLsn}` : o.at}`).digest('hex').slice(0, 16)}`;
  return { id, first: o, observations: [o], status: o.error ? 'open' : 'resolved', review: 'pending', resolution: null, notes: [], echoOf };
}

/** Whether `o` is another node's view of `g` (or the same ERROR logged again at a retry). */
export function belongs(g: ConflictGroup, o: Observation, echoOf: string | null = null): boolean {
  if (g.echoOf !== echoOf || groupKey(g.first) !== groupKey(o) || g.first.error !== o.error) return false;
  if (o.error) return g.first.loggedOn === o.loggedOn && g.first.commitLsn === o.commitLsn;
  if (Math.abs(o.at - g.first.at) > GROUP_WINDOW_MS) return false;
  // The same conflict seen from another node carries one of its versions as the incoming change (same commit
  // time); a newer conflict on the key within the window (a later pair of writes) is a decision of its own.
  // (Where a deletion's time is not logged, the window alone decides.)
  if (!o.local.timeKnown || !o.remote.timeKnown || !g.first.local.timeKnown || !g.first.remote.timeKnown) return true;
  return g.observations.some((x) => [x.local, x.remote].some((v) => v.timeKnown && v.committedAt === o.remote.committedAt));
}

const nameOf = (v: ObservedVersion, o: Observation) => v.origin ?? `origin of a change logged on ${o.loggedOn}`;

/** Versions by writer: a known commit time beats an unknown one. */
function mergedVersions(g: ConflictGroup): Map<string, ObservedVersion> {
  const out = new Map<string, ObservedVersion>();
  for (const o of g.observations) {
    for (const v of [o.local, o.remote]) {
      const name = nameOf(v, o);
      const had = out.get(name);
      if (!had || (!had.timeKnown && v.timeKnown) || (had.value === null && v.value !== null && v.committedAt >= had.committedAt && had.timeKnown === v.timeKnown)) out.set(name, v);
    }
  }
  return out;
}

export function toEvent(g: ConflictGroup, clusterId: string, nodeIdOf: (pglNode: string) => string): ConflictEvent {
  const merged = [...mergedVersions(g).entries()].sort((a, b) => a[1].committedAt - b[1].committedAt);
  const names = merged.map(([n]) => n);
  const versions: ConflictVersion[] = merged.map(([name, v]) => ({
    nodeId: nodeIdOf(name),
    value: v.value,
    committedAt: v.committedAt,
    versionVector: null,
    origin: name,
    position: v.position,
  }));
  const perNode = g.observations
    .filter((o, i, all) => all.findIndex((x) => x.loggedOn === o.loggedOn) === i)
    .map((o) => {
      const side = o.kept === 'remote' ? o.remote : o.kept === 'local' ? o.local : null;
      const idx = side ? names.indexOf(nameOf(side, o)) : -1;
      return { nodeId: o.loggedOn, kept: idx >= 0 ? idx : null, outcome: o.outcome };
    });
  const kepts = new Set(perNode.map((p) => p.kept));
  const kept = kepts.size === 1 ? [...kepts][0]! : null;
  const withRule = g.observations.find((o) => o.local.timeKnown && o.remote.timeKnown && !o.error) ?? g.first;
  const notes = [...g.notes];
  if (kepts.size > 1) notes.push(`The nodes kept different versions (${perNode.map((p) => `${p.nodeId}: ${p.kept === null ? '?' : versions[p.kept]?.origin}`).join(', ')}): the table has diverged; overturn to write one value everywhere.`);
  if (merged.some(([, v]) => !v.timeKnown)) notes.push('A deletion’s commit time is not in pglogical’s log: it is shown at the time the conflict was logged.');
  if (merged.some(([, v]) => !v.exact)) notes.push('A version could not be read exactly from the log (a value holds the log’s own separators, or the row is not logged): it is not offered for restoring.');
  const decision: EngineDecision = { engine: 'pglogical', policy: withRule.policy, rule: withRule.rule, kept, perNode, review: g.review };
  const resolved = g.status === 'resolved';
  return {
    id: g.id,
    clusterId,
    target: { table: g.first.tableText, key: g.first.keyText },
    kind: g.first.kind,
    detectedAt: g.first.at,
    versions,
    suggestion: kept !== null && versions[kept] ? { policy: 'manual', winner: versions[kept].nodeId, why: `kept by the engine: ${withRule.rule}` } : null,
    status: g.status,
    resolution: resolved
      ? (g.resolution ?? { at: g.first.at, by: 'engine (pglogical)', how: withRule.rule, value: kept !== null ? (versions[kept]?.value ?? null) : null })
      : null,
    notes,
    ...(g.first.error ? {} : { engineDecision: decision }),
  };
}
