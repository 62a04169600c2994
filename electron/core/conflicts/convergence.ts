import type { Convergence } from '../../../shared/ipc/conflicts';
import type { KeyReading } from '../driver';

/** JSON with object keys sorted, so equal values compare equal whatever their key order. */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : x,
  );
}

export function judge(readings: KeyReading[], expected: unknown): Convergence['peers'] {
  const want = canonical(expected);
  return readings.map(({ nodeId, result }) => {
    if (!result.ok) return { nodeId, ok: false, value: null, versions: 0, detail: `${result.code}: ${result.reason}` };
    const { value, versions, conflictId } = result.value;
    if (versions > 1) return { nodeId, ok: false, value, versions, detail: `still holds ${versions} concurrent versions${conflictId ? ` (conflict ${conflictId})` : ''}` };
    if (canonical(value) !== want) return { nodeId, ok: false, value, versions, detail: `reads ${canonical(value)}, not the resolved value` };
    return { nodeId, ok: true, value, versions, detail: 'reads the resolved value' };
  });
}

export interface ConvergenceOptions {
  timeoutMs?: number;
  intervalMs?: number;
  now?: () => number;
}

/**
 * Reads the key on every node until all of them hold exactly the resolved
 * value (one version), or the time is up; then says which node differs.
 */
export async function verifyConvergence(read: (key: string) => Promise<KeyReading[]>, key: string, expected: unknown, o: ConvergenceOptions = {}): Promise<Convergence> {
  const now = o.now ?? Date.now;
  const timeoutMs = o.timeoutMs ?? 5_000;
  const started = now();
  for (;;) {
    const peers = judge(await read(key), expected);
    const afterMs = now() - started;
    const converged = peers.length > 0 && peers.every((p) => p.ok);
    if (converged) return { converged, afterMs, peers, detail: `converged: ${peers.map((p) => p.nodeId).join(', ')} read the resolved value (${afterMs} ms)` };
    if (afterMs >= timeoutMs) {
      const off = peers.filter((p) => !p.ok);
      const detail = peers.length === 0 ? 'no node could be read' : `not converged after ${afterMs} ms: ${off.map((p) => `${p.nodeId} ${p.detail}`).join('; ')}`;
      return { converged: false, afterMs, peers, detail };
    }
    await new Promise((r) => setTimeout(r, o.intervalMs ?? 100));
  }
}
