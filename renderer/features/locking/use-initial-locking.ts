import { useEffect } from 'react';
import { useApi } from '../../api/context';
import { fetchLocking } from './commands';
import { useLocking } from './store';

/**
 * The panel's first reading, once, when the store has none yet (page load or
 * reload): the core's latest snapshot. Every later one arrives in the deltas.
 */
export function useInitialLocking(clusterId: string): void {
  const api = useApi();
  useEffect(() => {
    if (useLocking.getState().byCluster[clusterId]?.kind === 'ready') return;
    void fetchLocking(api, clusterId, false);
  }, [api, clusterId]);
}
