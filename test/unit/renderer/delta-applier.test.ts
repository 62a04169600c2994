import { beforeEach, describe, expect, it } from 'vitest';
import { deltaApplier, type Later } from '../../../renderer/app/connect-stores';
import { useClusters } from '../../../renderer/features/clusters/store';
import { useTopology } from '../../../renderer/features/topology/store';
import { useConnection } from '../../../renderer/app/connection-store';
import { cluster, delta, node, sample } from './fixtures';
import { resetStores } from './reset';

/** A task queue the test drains by hand. */
function manualLater(): { later: Later; tasks: (() => void)[] } {
  const tasks: (() => void)[] = [];
  return { later: (fn) => tasks.push(fn), tasks };
}

describe('deltaApplier', () => {
  beforeEach(() => resetStores());

  it('applies one store step per task, and a later delta only after the earlier one is done', () => {
    const { later, tasks } = manualLater();
    const apply = deltaApplier(later);
    apply(delta({ seq: 1, clusters: [cluster('c1')], samples: [sample('c1', 1_000, [node('a')])] }));
    apply(delta({ seq: 2 }));
    expect(useClusters.getState().ids).toEqual([]);
    let ran = 0;
    while (tasks.length > 0) {
      tasks.shift()?.();
      ran += 1;
      if (useClusters.getState().ids.length === 1 && ran === 1) expect(useTopology.getState().byCluster.c1).toBeUndefined();
    }
    expect(ran).toBeGreaterThan(3);
    expect(useTopology.getState().byCluster.c1?.nodes.ids).toEqual(['a']);
    expect(useConnection.getState().lastSeq).toBe(2);
  });

  it('applies at once without a task queue', () => {
    deltaApplier(null)(delta({ seq: 7, clusters: [cluster('c1')] }));
    expect(useClusters.getState().ids).toEqual(['c1']);
  });
});
