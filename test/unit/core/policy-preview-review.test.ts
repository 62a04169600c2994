import { describe, expect, it } from 'vitest';
import { ConflictService } from '../../../electron/core/conflicts/conflict-service';
import { previewPolicy } from '../../../electron/core/conflicts/conflict-policies';
import type { ConflictCapable } from '../../../electron/core/driver';
import { createLogger } from '../../../electron/core/logger';
import type { ConflictEvent } from '../../../shared/model/conflict';

/** An engine decision (pglogical) awaiting review: n2's version committed last and kept (or n1's, with `kept: 0`). */
function decided(id: string, kept: 0 | 1, status: 'resolved' | 'open' = 'resolved'): ConflictEvent {
  const versions = [
    { nodeId: 'a1', origin: 'n1', value: { id, v: 'n1' }, committedAt: 1_000, versionVector: null, position: null },
    { nodeId: 'a2', origin: 'n2', value: { v: 'n2', id }, committedAt: 2_000, versionVector: null, position: '0/1' },
  ];
  return {
    id,
    clusterId: 'mesh',
    target: { table: 'public.items', key: `id=${id}` },
    kind: 'update-update',
    detectedAt: 1_000,
    versions,
    suggestion: null,
    status,
    resolution: status === 'resolved' ? { at: 2_000, by: 'engine (pglogical)', how: 'rule', value: versions[kept]!.value } : null,
    ...(status === 'resolved' ? { engineDecision: { engine: 'pglogical', policy: 'last_update_wins', rule: 'rule', kept, perNode: [], review: 'pending' as const } } : {}),
  };
}

function service(): ConflictService {
  return new ConflictService({
    driverOf: () => ({}) as unknown as ConflictCapable,
    monitored: () => true,
    audit: { append: async () => undefined },
    actor: 'dba',
    now: () => 5_000,
    log: createLogger('test'),
    onChange: () => undefined,
  });
}

describe('previewPolicy on engine decisions to review (what conflicts:bulkResolve takes)', () => {
  it('counts the given decisions: the policy’s pick equal to the kept value accepts, another overturns', () => {
    const s = service();
    s.receive(decided('1', 1));
    s.receive(decided('2', 1));
    s.receive(decided('3', 0));
    const p = previewPolicy(s, 'mesh', { policy: 'last-writer-wins' }, ['1', '2', '3'], 10);
    expect(p).toMatchObject({ open: 3, settles: 3 });
    expect(p.summary).toBe(
      'last-writer-wins would settle 3 of 3 engine decision(s) to review: it accepts 2 engine decision(s) (nothing written, marked reviewed) and overturns 1 (its pick written).',
    );
    expect(previewPolicy(s, 'mesh', { policy: 'prefer-node', node: 'n1' }, ['1', '2', '3'], 10).summary).toMatch(/accepts 1 .* overturns 2/);
  });

  it('without ids (switching a policy on) and for decisions already reviewed, only open conflicts count', () => {
    const s = service();
    s.receive(decided('1', 1));
    s.receive(decided('9', 1, 'open'));
    expect(previewPolicy(s, 'mesh', { policy: 'last-writer-wins' }, undefined, 10)).toMatchObject({ open: 1, settles: 1 });
    const mixed = previewPolicy(s, 'mesh', { policy: 'last-writer-wins' }, ['1', '9'], 10);
    expect(mixed).toMatchObject({ open: 2, settles: 2 });
    expect(mixed.summary).toContain('(1 open, 1 engine decision(s) to review)');
    s.receive({ ...decided('1', 1), engineDecision: { ...decided('1', 1).engineDecision!, review: 'accepted' } });
    expect(previewPolicy(s, 'mesh', { policy: 'last-writer-wins' }, ['1'], 10)).toMatchObject({ open: 0, settles: 0 });
  });
});
