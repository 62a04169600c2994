import { useEffect } from 'react';
import { useApi } from '../../api/context';
import { forgetCluster } from './store';
import { pollLocking } from './commands';

/**
 * Polls `locking:snapshot` while mounted: one request at a time, the next
 * `everyMs` after the last answer (so a slow core is never flooded). The
 * first reading is fresh; then the core's latest. Stops on unmount.
 */
export function useLockingPoll(clusterId: string, everyMs = 1_000): void {
  const api = useApi();
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async (fresh: boolean) => {
      await pollLocking(api, clusterId, fresh);
      if (stopped) forgetCluster(clusterId); // an answer that arrived after unmount
      else timer = setTimeout(() => void tick(false), everyMs);
    };
    void tick(true);
    return () => {
      stopped = true;
      clearTimeout(timer);
      forgetCluster(clusterId);
    };
  }, [api, clusterId, everyMs]);
}
