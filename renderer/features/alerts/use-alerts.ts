import { useCallback, useEffect, useState } from 'react';
import type { ResponseOf } from '../../../shared/ipc/contract';
import { useApi } from '../../api/context';
import { formatDateTime } from '../../lib/format';

export type AlertsState = ResponseOf<'alerts:state'>;
export type AlertsConfig = ResponseOf<'alerts:config'>;

const POLL_MS = 2_000;

/** The core's alert state (alerts, deliveries, silences), read every 2 s while shown; `refresh` after a change. */
export function useAlertsState(): { state: AlertsState | null; at: number; error: string | null; refresh: () => void } {
  const api = useApi();
  const [state, setState] = useState<AlertsState | null>(null);
  const [at, setAt] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(() => {
    void api.invoke('alerts:state', {}).then((r) => {
      if (r.ok) {
        setState(r.value);
        setAt(Date.now());
        setError(null);
      } else setError(r.reason);
    });
  }, [api]);
  useEffect(() => {
    refresh();
    const t = setInterval(refresh, POLL_MS);
    return () => clearInterval(t);
  }, [refresh]);
  return { state, at, error, refresh };
}

export function useAlertsConfig(): { config: AlertsConfig | null; error: string | null; refresh: () => void } {
  const api = useApi();
  const [config, setConfig] = useState<AlertsConfig | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(() => {
    void api.invoke('alerts:config', {}).then((r) => (r.ok ? (setConfig(r.value), setError(null)) : setError(r.reason)));
  }, [api]);
  useEffect(refresh, [refresh]);
  return { config, error, refresh };
}

/** The app's one date format ("2026-12-07 15:34:06"). */
export const when = (ms: number) => formatDateTime(ms);

export function minutes(ms: number): string {
  const m = Math.round(ms / 60_000);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}
