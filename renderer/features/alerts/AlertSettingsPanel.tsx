import { useState } from 'react';
import type { ReceiverTest } from '../../../shared/ipc/alerts';
import { useApi } from '../../api/context';
import { receiverWhere, receiversCount, testOutcome } from './receiver-text';
import { AlertIds } from './ids';
import { MetricsForm } from './MetricsForm';
import { ReceiverForm } from './ReceiverForm';
import { useAlertsConfig, useAlertsState, when } from './use-alerts';
import './alerts.css';

/** Where alerts go (receivers and how each delivery is doing) and the Prometheus endpoint. */
export function AlertSettingsPanel() {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const { config, error, refresh } = useAlertsConfig();
  const { state } = useAlertsState();
  const deliveries = state?.deliveries ?? [];
  const [tests, setTests] = useState<Record<string, string>>({});
  const sendTest = (id: string) => {
    setTests({ ...tests, [id]: 'sending a test alert…' });
    void api.invoke('alerts:testReceiver', { id }).then((r) => setTests((t) => ({ ...t, [id]: r.ok ? testOutcome(r.value as ReceiverTest) : r.reason })));
  };
  return (
    <section className="panel alerts-panel" data-testid={AlertIds.settings} data-open={open}>
      <header className="panel-head">
        <button className="link-button" aria-expanded={open} onClick={() => setOpen(!open)}>{open ? '▾' : '▸'}</button>
        <h2>Alert receivers and metrics</h2>
        <span className="muted small">
          {deliveries.some((d) => d.lastError) ? <span className="error-text">a receiver is failing</span> : receiversCount(config?.receivers.length ?? 0)}
          {config?.metrics.enabled ? `; /metrics on ${config.metrics.host}:${config.metrics.port}` : '; /metrics off'}
        </span>
      </header>
      {open && (
        <>
          {error && <div className="form-error">{error}</div>}
          <table className="grid-table" data-testid={AlertIds.receivers} data-count={config?.receivers.length ?? 0}>
            <thead><tr><th>Receiver</th><th>Kind</th><th>Where</th><th>Delivery</th><th>Sent</th><th>Queued / dropped</th><th>Last error</th><th /></tr></thead>
            <tbody data-testid={AlertIds.deliveries}>
              {(config?.receivers ?? []).map((r) => {
                const d = deliveries.find((x) => x.receiverId === r.id);
                return (
                  <tr key={r.id} data-state={d?.state ?? 'idle'}>
                    <td>{r.id}</td>
                    <td>{r.kind}</td>
                    <td>{receiverWhere(r)}</td>
                    <td>{d ? `${d.state}${d.lastOkAt ? `, last ok ${when(d.lastOkAt)}` : ''}` : 'idle'}</td>
                    <td>{d?.sent ?? 0}</td>
                    <td>{d ? `${d.queued} / ${d.dropped}` : '0 / 0'}</td>
                    <td className="error-text">{d?.lastError ?? ''}</td>
                    <td>
                      <button onClick={() => sendTest(r.id)}>Send test alert</button>{' '}
                      <button onClick={() => void api.invoke('alerts:removeReceiver', { id: r.id }).then(refresh)}>Remove</button>
                      {tests[r.id] && <div className="small" data-testid="alerts-receiver-test">{tests[r.id]}</div>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <ReceiverForm onSaved={refresh} />
          {config && <MetricsForm current={config.metrics} onSaved={refresh} />}
        </>
      )}
    </section>
  );
}
