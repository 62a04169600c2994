import { describe, expect, it } from 'vitest';
import { ConvergenceSchema } from '../../../shared/ipc/conflicts';
import { verifyBatchConvergence } from '../../../electron/core/conflicts/bulk-converge';
import { verifyConvergence } from '../../../electron/core/conflicts/convergence';
import type { KeyReading } from '../../../electron/core/driver';
import { fail, ok } from '../../../shared/result';

const row = { id: 1, val: 'uu-n1' };
const same = (nodeId: string): KeyReading => ({ nodeId, result: ok({ value: { val: 'uu-n1', id: 1 }, versions: 1, conflictId: null }) });
const other = (nodeId: string): KeyReading => ({ nodeId, result: ok({ value: { id: 1, val: 'uu-n2' }, versions: 1, conflictId: null }) });
const refused = (nodeId: string): KeyReading => ({
  nodeId,
  result: fail('permission-denied', `${nodeId}: permission denied for "mon" (permission denied for table items): GRANT SELECT ON public.items TO "mon"; (what the refused SELECT needs)`),
});
const lost = (nodeId: string): KeyReading => ({ nodeId, result: fail('connection-lost', `${nodeId} closed the connection`) });

/** A clock that moves 100 ms per read, so a 1 s timeout is 10 reads. */
function clocked(rounds: KeyReading[][]) {
  let t = 0;
  let i = 0;
  return {
    now: () => t,
    read: async () => {
      t += 100;
      return rounds[Math.min(i++, rounds.length - 1)]!;
    },
    reads: () => i,
  };
}
const opts = (c: { now: () => number }) => ({ timeoutMs: 1_000, intervalMs: 0, now: c.now });

describe('convergence: a state comes from a reading; a refused read is unknown, never diverged (trial 14 finding 5)', () => {
  it('identical rows where readable and one node refused: unknown at once, naming the node and the grant, not "not converged"', async () => {
    const c = clocked([[same('n1'), refused('n2'), same('n3')]]);
    const r = await verifyConvergence(c.read, 'id=1', row, opts(c));
    expect(ConvergenceSchema.parse(r)).toEqual(r);
    expect(r.state).toBe('unknown');
    expect(r.converged).toBe(false);
    expect(r.detail).toBe('convergence unknown: could not read n2 (permission denied for "mon" (permission denied for table items): GRANT SELECT ON public.items TO "mon"; (what the refused SELECT needs)); n1, n3 read the resolved value');
    expect(r.detail).not.toMatch(/not converged|diverged/);
    expect(r.peers.find((p) => p.nodeId === 'n2')).toMatchObject({ read: false, ok: false });
    expect(c.reads()).toBe(1);
  });

  it('a key the engine does not know is unknown at once too', async () => {
    const c = clocked([[{ nodeId: 'pglogical', result: fail('details-unknown', 'the key of this conflict is not known') }]]);
    const r = await verifyConvergence(c.read, 'id=1', row, opts(c));
    expect(r).toMatchObject({ state: 'unknown', detail: 'convergence unknown: could not read pglogical (the key of this conflict is not known)' });
    expect(c.reads()).toBe(1);
  });

  it('every node refused: unknown, never diverged', async () => {
    const c = clocked([[refused('n1'), refused('n2')]]);
    const r = await verifyConvergence(c.read, 'id=1', row, opts(c));
    expect(r.state).toBe('unknown');
    expect(r.detail).toMatch(/^convergence unknown: could not read n1 \(.*\); could not read n2 \(/);
  });

  it('a node reading another value is diverged once the time is up, and the unread node is still said to be unread', async () => {
    const c = clocked([[other('n1'), refused('n2'), same('n3')]]);
    const r = await verifyConvergence(c.read, 'id=1', row, opts(c));
    expect(r.state).toBe('diverged');
    expect(r.detail).toMatch(/^not converged after \d+ ms: n1 reads \{"id":1,"val":"uu-n2"\}, not the resolved value; could not read n2 \(permission denied/);
    expect(c.reads()).toBeGreaterThanOrEqual(10);
  });

  it('a passing failure (lost connection) is read again, and converges when the node answers', async () => {
    const c = clocked([[same('n1'), lost('n2')], [same('n1'), lost('n2')], [same('n1'), same('n2')]]);
    const r = await verifyConvergence(c.read, 'id=1', row, opts(c));
    expect(r).toMatchObject({ state: 'converged', converged: true });
    expect(c.reads()).toBe(3);
  });

  it('a passing failure that lasts past the time is unknown, not diverged', async () => {
    const c = clocked([[same('n1'), lost('n2')]]);
    const r = await verifyConvergence(c.read, 'id=1', row, opts(c));
    expect(r.state).toBe('unknown');
    expect(r.detail).toBe('convergence unknown: could not read n2 (n2 closed the connection); n1 read the resolved value');
  });

  it('the batch check says the same per item: one refused node is unknown, a differing value diverged, the rest converged', async () => {
    let t = 0;
    const byKey: Record<string, KeyReading[]> = { a: [same('n1'), refused('n2')], b: [other('n1'), same('n2')], d: [same('n1'), same('n2')] };
    const read = async (targets: { key: string }[]) => {
      t += 100;
      return targets.map((x) => byKey[x.key]!);
    };
    const c = { now: () => t };
    const target = (key: string) => ({ target: { key, conflictId: key, table: 'public.items' }, expected: row });
    const [a, b, d] = await verifyBatchConvergence(read, [target('a'), target('b'), target('d')], opts(c));
    expect(a!.state).toBe('unknown');
    expect(b!.state).toBe('diverged');
    expect(d!.state).toBe('converged');
  });
});
