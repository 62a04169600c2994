import type { Convergence } from '../../../shared/ipc/conflicts';
import type { KeyReading, KeyTarget } from '../driver';
import { judge, refusedForGood, settle, type ConvergenceOptions } from './convergence';

/** Reads many keys on every node at once: one reading list per target, in order. */
export type ReadMany = (targets: KeyTarget[]) => Promise<KeyReading[][]>;

/**
 * Reads every key of a batch back on every node (one read of all the keys per node per round)
 * until each holds exactly its resolved value, or the time is up. Each round reads only the
 * keys not yet converged. One Convergence per item, in order.
 */
export async function verifyBatchConvergence(read: ReadMany, items: { target: KeyTarget; expected: unknown }[], o: ConvergenceOptions = {}): Promise<Convergence[]> {
  const now = o.now ?? Date.now;
  const timeoutMs = o.timeoutMs ?? 5_000;
  const started = now();
  const out: (Convergence | null)[] = items.map(() => null);
  let pending = items.map((_, i) => i);
  let rounds = 0;
  while (pending.length > 0) {
    let readings: KeyReading[][];
    try {
      readings = await read(pending.map((i) => items[i]!.target));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      readings = pending.map(() => [{ nodeId: 'engine', result: { ok: false, code: 'read-failed', reason } }]);
    }
    rounds++;
    const afterMs = now() - started;
    const still: number[] = [];
    pending.forEach((i, n) => {
      const got = readings[n] ?? [];
      const done = settle(judge(got, items[i]!.expected), afterMs, { timedOut: afterMs >= timeoutMs, refusedForGood: refusedForGood(got), how: `read ${rounds} time(s) in its batch` });
      if (done) out[i] = done;
      else still.push(i);
    });
    pending = still;
    if (pending.length > 0) await new Promise((r) => setTimeout(r, o.intervalMs ?? 50));
  }
  return out.map((c) => c!);
}
