import type { Convergence } from '../../../shared/ipc/conflicts';
import type { KeyReading } from '../driver';

type Peer = Convergence['peers'][number];

/** JSON with object keys sorted, so equal values compare equal whatever their key order. */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : x,
  );
}

/** A node's failure reason without the node's own name in front (the sentence names it already). */
function unprefixed(nodeId: string, reason: string): string {
  return reason.startsWith(`${nodeId}: `) ? reason.slice(nodeId.length + 2) : reason;
}

export function judge(readings: KeyReading[], expected: unknown): Peer[] {
  const want = canonical(expected);
  return readings.map(({ nodeId, result }) => {
    if (!result.ok) return { nodeId, ok: false, read: false, value: null, versions: 0, detail: unprefixed(nodeId, result.reason) };
    const { value, versions, conflictId } = result.value;
    if (versions > 1) return { nodeId, ok: false, read: true, value, versions, detail: `still holds ${versions} concurrent versions${conflictId ? ` (conflict ${conflictId})` : ''}` };
    if (canonical(value) !== want) return { nodeId, ok: false, read: true, value, versions, detail: `reads ${canonical(value)}, not the resolved value` };
    return { nodeId, ok: true, read: true, value, versions, detail: 'reads the resolved value' };
  });
}

/** Failures that reading again will not cure: stop waiting for them. */
const LASTING = new Set(['permission-denied', 'details-unknown', 'not-supported', 'invalid-choice']);

/** True when every node that could not be read was refused for good (a missing grant), so waiting cannot help. */
export function refusedForGood(readings: KeyReading[]): boolean {
  return readings.some((r) => !r.result.ok) && readings.every((r) => r.result.ok || LASTING.has(r.result.code));
}

/** No reading at all: convergence is unknown, and says why. */
export function notVerified(detail: string): Convergence {
  return { converged: false, state: 'unknown', afterMs: 0, peers: [], detail };
}

/**
 * What one round of readings says, or null to read again: converged when every node read the
 * resolved value; diverged (once the time is up) when a node read something else; unknown when
 * a node could not be read and none read a different value: after the time, or at once when the
 * refusals are for good. `how` is added to the converged line (e.g. how many rounds).
 */
export function settle(peers: Peer[], afterMs: number, o: { timedOut: boolean; refusedForGood: boolean; how?: string }): Convergence | null {
  const unread = peers.filter((p) => !p.read);
  const differs = peers.filter((p) => p.read && !p.ok);
  const same = peers.filter((p) => p.ok).map((p) => p.nodeId);
  const how = o.how ? `, ${o.how}` : '';
  if (peers.length > 0 && unread.length === 0 && differs.length === 0) {
    return { converged: true, state: 'converged', afterMs, peers, detail: `converged: ${same.join(', ')} read the resolved value (${afterMs} ms${how})` };
  }
  const cannot = unread.map((p) => `could not read ${p.nodeId} (${p.detail})`).join('; ');
  if (differs.length === 0 && (o.timedOut || (o.refusedForGood && unread.length > 0))) {
    if (peers.length === 0) return { converged: false, state: 'unknown', afterMs, peers, detail: 'convergence unknown: no node could be read' };
    const rest = same.length ? `; ${same.join(', ')} read the resolved value` : '';
    return { converged: false, state: 'unknown', afterMs, peers, detail: `convergence unknown: ${cannot}${rest}` };
  }
  if (!o.timedOut) return null;
  const off = differs.map((p) => `${p.nodeId} ${p.detail}`).join('; ');
  return { converged: false, state: 'diverged', afterMs, peers, detail: `not converged after ${afterMs} ms: ${off}${cannot ? `; ${cannot}` : ''}` };
}

export interface ConvergenceOptions {
  timeoutMs?: number;
  intervalMs?: number;
  now?: () => number;
}

/**
 * Reads the key on every node until all of them hold exactly the resolved
 * value (one version), or the time is up; then says which node differs, or
 * which could not be read (unknown, never diverged).
 */
export async function verifyConvergence(read: (key: string) => Promise<KeyReading[]>, key: string, expected: unknown, o: ConvergenceOptions = {}): Promise<Convergence> {
  const now = o.now ?? Date.now;
  const timeoutMs = o.timeoutMs ?? 5_000;
  const started = now();
  for (;;) {
    const readings = await read(key);
    const afterMs = now() - started;
    const done = settle(judge(readings, expected), afterMs, { timedOut: afterMs >= timeoutMs, refusedForGood: refusedForGood(readings) });
    if (done) return done;
    await new Promise((r) => setTimeout(r, o.intervalMs ?? 100));
  }
}
