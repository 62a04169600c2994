import { useEffect } from 'react';
import { useApi } from '../../api/context';
import { refreshAvailable } from './commands';

export const AVAILABLE_REFRESH_MS = 5_000;

/**
 * Keeps `actions:available` fresh for a cluster while something shows it:
 * at once when the selection or `stamp` (what the node looks like) changes,
 * then every 5 s, one request at a time, and not while the window is hidden.
 */
export function useAvailableRefresh(clusterId: string, nodeId: string, stamp: string): void {
  const api = useApi();
  useEffect(() => {
    let inFlight = false;
    let stopped = false;
    const tick = () => {
      if (inFlight || stopped || document.visibilityState === 'hidden') return;
      inFlight = true;
      void refreshAvailable(api, clusterId).finally(() => {
        inFlight = false;
      });
    };
    tick();
    const timer = setInterval(tick, AVAILABLE_REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [api, clusterId, nodeId, stamp]);
}
