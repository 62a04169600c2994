import { beforeEach, describe, expect, it } from 'vitest';
import type { ConflictEvent, EngineDecision } from '../../../shared/model/conflict';
import { matches } from '../../../renderer/features/conflicts/rows';
import { defaultFilter, reviewCount, upsertConflicts, useConflicts } from '../../../renderer/features/conflicts/store';
import { resetStores } from './reset';

const base = (id: string, over: Partial<ConflictEvent>): ConflictEvent => ({
  id,
  clusterId: 'c1',
  target: { table: 'public.items', key: 'id=1' },
  kind: 'update-update',
  detectedAt: 1_000,
  versions: [{ nodeId: 'n1', value: { id: 1 }, committedAt: 900, versionVector: null, origin: 'n1', position: null }],
  suggestion: null,
  status: 'open',
  ...over,
});

const decided = (review: EngineDecision['review']): EngineDecision => ({ engine: 'pglogical', policy: 'last_update_wins', rule: 'last_update_wins: remote committed later', kept: 0, perNode: [], review });

describe('engine decisions awaiting review (pglogical)', () => {
  beforeEach(resetStores);

  it('are counted apart from open conflicts, and only while pending', () => {
    upsertConflicts([
      base('open', {}),
      base('pending', { status: 'resolved', engineDecision: decided('pending') }),
      base('accepted', { status: 'resolved', engineDecision: decided('accepted') }),
    ]);
    expect(reviewCount(useConflicts.getState())).toBe(1);
  });

  it('have their own tab: "To review" lists pending decisions only; Open does not list them', () => {
    const pending = base('p', { status: 'resolved', engineDecision: decided('pending') });
    const accepted = base('a', { status: 'resolved', engineDecision: decided('accepted') });
    expect(matches(pending, { ...defaultFilter, status: 'review' }, 2_000)).toBe(true);
    expect(matches(accepted, { ...defaultFilter, status: 'review' }, 2_000)).toBe(false);
    expect(matches(pending, { ...defaultFilter, status: 'open' }, 2_000)).toBe(false);
    expect(matches(accepted, { ...defaultFilter, status: 'resolved' }, 2_000)).toBe(true);
  });
});
