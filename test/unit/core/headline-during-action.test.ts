import { describe, expect, it } from 'vitest';
import { duringAction } from '../../../electron/core/cluster-state/headline-tracker';
import type { ClusterHeadline } from '../../../shared/model/cluster-state';

const down: ClusterHeadline = {
  clusterId: 'c', state: 'primary-down', title: 'primary n1 down', since: 1, asOf: 2, nodes: ['n1'], nodeIds: ['127.0.0.1:5432'],
  suggestion: { kind: 'failover', target: '127.0.0.1:5433', text: 'fail over to n2, ranked first: lag 0 B' },
};

describe('the headline while our own switchover runs', () => {
  it('keeps the state read, and offers no failover button while the switchover runs', () => {
    const shown = duringAction(down, { kind: 'switchover', target: 'n2' });
    expect(shown.state).toBe('primary-down');
    expect(shown.suggestion).toEqual({ kind: null, target: null, text: 'switchover to n2 is running: expected while it runs, no other action offered' });
  });

  it('changes nothing when no action runs, or when healthy', () => {
    expect(duringAction(down, null)).toBe(down);
    const healthy = { ...down, state: 'healthy' as const, suggestion: null };
    expect(duringAction(healthy, { kind: 'switchover', target: 'n2' })).toBe(healthy);
  });
});
