import { useState } from 'react';
import type { MetricsEndpoint } from '../../../shared/ipc/alerts';
import { useApi } from '../../api/context';
import { AlertIds } from './ids';
import { checkMetrics } from './form-checks';

/** The Prometheus endpoint: off by default, 127.0.0.1 unless changed, optional bearer token (secret store). */
export function MetricsForm({ current, onSaved }: { current: MetricsEndpoint; onSaved: () => void }) {
  const api = useApi();
  const [enabled, setEnabled] = useState(current.enabled);
  const [host, setHost] = useState(current.host);
  const [port, setPort] = useState(String(current.port));
  const [token, setToken] = useState('');
  const [result, setResult] = useState<string | null>(null);
  const save = async () => {
    const problem = checkMetrics({ host, port });
    if (problem) return setResult(problem);
    const r = await api.invoke('alerts:setMetrics', { enabled, host, port: Number(port), ...(token ? { token } : {}) });
    setResult(r.ok ? (r.value.enabled ? `serving http://${r.value.host}:${r.value.port}/metrics` : 'off') : r.reason);
    if (r.ok) onSaved();
  };
  return (
    <form className="metrics-form small" noValidate data-testid={AlertIds.metricsForm} onSubmit={(e) => (e.preventDefault(), void save())}>
      <label><input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Prometheus /metrics on</label>
      <input value={host} onChange={(e) => setHost(e.target.value)} aria-label="Metrics host" />
      <input value={port} onChange={(e) => setPort(e.target.value)} aria-label="Metrics port" size={6} />
      <input value={token} onChange={(e) => setToken(e.target.value)} type="password" placeholder={current.hasToken ? 'token set (type to replace)' : 'bearer token (optional)'} aria-label="Metrics token" />
      <button type="submit">Apply</button>
      {result && <span> {result}</span>}
    </form>
  );
}
