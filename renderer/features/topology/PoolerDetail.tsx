import { formatDateTime } from '../../lib/format';
import { TestIds } from '../../testids';
import { poolerFacts } from './pooler-facts';
import { useTopology } from './store';

/** The selected PgBouncer pooler: where its databases point, the settings a switchover depends on, its agent. */
export function PoolerDetail({ clusterId, poolerId }: { clusterId: string; poolerId: string }) {
  const p = useTopology((s) => s.byCluster[clusterId]?.poolers.byId[poolerId]);
  const nodes = useTopology((s) => s.byCluster[clusterId]?.nodes);
  if (!p) return <div className="muted">Pooler {poolerId} is no longer read with this cluster.</div>;
  const f = poolerFacts(p, nodes);
  return (
    <div className="node-detail pooler-detail" data-testid={TestIds.poolerDetail} data-pooler-id={poolerId} data-status={p.status}>
      <div className="detail-head">
        <span className="detail-title">PgBouncer {p.name}</span>
        <span className="muted">
          {p.host}:{p.port}
        </span>
        <span className="spacer" />
        <span className="muted small">read {formatDateTime(p.readAt)}</span>
      </div>
      <dl className="facts">
        <dt>Status</dt>
        <dd data-field="status">
          {p.status}
          {p.error && <span className="reason"> — {p.error}</span>}
          {p.version && <span className="muted"> ({p.version})</span>}
        </dd>
        <dt>Clients</dt>
        <dd data-field="clients">
          {p.clientsActive} active, {p.clientsWaiting} waiting
        </dd>
        <dt>Server conns</dt>
        <dd data-field="servers">{f.servers}</dd>
        {f.config.map((c) => (
          <div key={c.key} className="facts-pair">
            <dt>
              <code>{c.key}</code>
            </dt>
            <dd data-field={c.key} data-value={c.value}>
              {c.value}
              {c.advice && <span className="warn-text"> — {c.advice}</span>}
            </dd>
          </div>
        ))}
        <dt>Agent</dt>
        <dd data-field="agent" data-agent={p.agent}>
          {f.agent}
        </dd>
        <dt>Bypass</dt>
        <dd data-field="bypass">{f.bypass ?? 'no session flagged on the primary as bypassing the pooler'}</dd>
      </dl>
      <div className="subsection-title">Databases</div>
      <ul className="pooler-routes">
        {f.routes.map((r) => (
          <li key={r.database} data-testid={TestIds.poolerRoute} data-database={r.database} data-target={r.nodeId ?? ''} data-paused={r.paused}>
            <code>{r.database}</code> → {r.to}
            {r.paused && <span className="topo-tag warn"> paused</span>}
          </li>
        ))}
        {f.routes.length === 0 && <li className="muted small">SHOW DATABASES returned no entry.</li>}
      </ul>
    </div>
  );
}
