import { AlertIds } from './ids';
import { SilenceForm } from './SilenceForm';
import { SilenceList } from './SilenceList';
import { RuleLimitsForm } from './RuleLimitsForm';
import { useAlertsState, when } from './use-alerts';
import { firingHeader } from './receiver-text';
import './alerts.css';

/** One cluster's alerts (firing and recently resolved), its silences and maintenance windows, and its rule limits. */
export function AlertsPanel({ clusterId }: { clusterId: string }) {
  const { state, at, error, refresh } = useAlertsState();
  const alerts = (state?.alerts ?? []).filter((a) => a.clusterId === clusterId);
  const silences = (state?.silences ?? []).filter((s) => s.clusterId === clusterId);
  const firing = alerts.filter((a) => a.status === 'firing');
  return (
    <section className="panel alerts-panel" data-testid={AlertIds.panel} data-firing={firing.length}>
      <header className="panel-head">
        <h2>Alerts</h2>
        <span className="muted small">{firingHeader(firing)}</span>
      </header>
      {error && <div className="form-error" data-testid={AlertIds.error}>Alerts cannot be read: {error}</div>}
      <table className="grid-table" data-testid={AlertIds.list} data-count={alerts.length}>
        <thead>
          <tr><th>State</th><th>Rule</th><th>Node</th><th>Summary</th><th>Since</th><th>Clears when</th></tr>
        </thead>
        <tbody>
          {alerts.slice(0, 50).map((a) => (
            <tr key={`${a.key}@${a.startsAt}`} data-status={a.status} data-rule={a.rule}>
              <td className={a.status === 'firing' ? (a.severity === 'critical' ? 'error-text' : 'warn-text') : 'muted'}>
                {a.status === 'firing' ? (a.silencedBy ? 'firing (silenced)' : `firing, ${a.severity}`) : `resolved ${a.endsAt ? when(a.endsAt) : ''}`}
              </td>
              <td>{a.rule}</td>
              <td>{a.node ?? '—'}</td>
              <td>{a.summary}{a.action ? <span className="muted"> — during {a.action}</span> : null}</td>
              <td>{when(a.startsAt)}</td>
              <td className="muted small">{a.clearsWhen}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Silences and maintenance windows</h3>
      <p className="muted small">A silence holds back notifications of this cluster (or one node); monitoring and the alert list go on.</p>
      <SilenceList silences={silences} now={at} onChange={refresh} />
      <SilenceForm clusterId={clusterId} onCreated={refresh} />
      <RuleLimitsForm clusterId={clusterId} />
    </section>
  );
}
