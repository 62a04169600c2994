import { useState } from 'react';
import type { Silence } from '../../../shared/ipc/alerts';
import { useApi } from '../../api/context';
import { useClusterNodeName } from './node-name';
import { AlertIds } from './ids';
import { when } from './use-alerts';

/** Active and past silences of a cluster, newest first; an active one can be expired now (audited). */
export function SilenceList({ silences, now, onChange }: { silences: readonly Silence[]; now: number; onChange: () => void }) {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  const nodeName = useClusterNodeName(silences[0]?.clusterId ?? '');
  const rows = [...silences].sort((a, b) => b.startsAt - a.startsAt);
  if (!rows.length) return <p className="muted small" data-testid={AlertIds.silences} data-count={0}>No silences.</p>;
  return (
    <>
      <table className="grid-table" data-testid={AlertIds.silences} data-count={rows.length}>
        <thead><tr><th>Scope</th><th>From</th><th>Until</th><th>Reason</th><th>By</th><th /></tr></thead>
        <tbody>
          {rows.map((s) => {
            const active = s.expiredAt === null && s.endsAt > now;
            return (
              <tr key={s.id} data-active={active}>
                <td>{s.nodeId ? nodeName(s.nodeId) : 'whole cluster'}</td>
                <td>{when(s.startsAt)}</td>
                <td>{s.expiredAt ? `expired ${when(s.expiredAt)}` : when(s.endsAt)}</td>
                <td>{s.reason}</td>
                <td className="muted small">{s.createdBy}</td>
                <td>
                  {active && (
                    <button data-testid={AlertIds.silenceExpire} onClick={() => void api.invoke('alerts:expireSilence', { id: s.id }).then((r) => (r.ok ? (setError(null), onChange()) : setError(r.reason)))}>
                      Expire now
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {error && <div className="form-error">{error}</div>}
    </>
  );
}
