import { useEffect } from 'react';
import { useApi } from '../../api/context';
import { TestIds } from '../../testids';
import { useRuns } from '../failover/runs-store';
import { AuditRow } from './AuditRow';
import { AuditTools } from './AuditTools';
import { loadAudit } from './commands';
import { toggleAudit, useAudit } from './store';
import './audit.css';

/** Changes whenever an action starts or ends (each appends audit entries). */
function useRunStamp(): string {
  return useRuns((s) => s.ids.map((id) => `${id}:${s.byId[id]?.status ?? ''}`).join(','));
}

/** The hash-chained audit log of every admin action, collapsible; loads when opened and after each action. */
export function AuditPanel() {
  const api = useApi();
  const open = useAudit((s) => s.open);
  const ids = useAudit((s) => s.entries.ids);
  const load = useAudit((s) => s.load);
  const brokenSeq = useAudit((s) => (s.verify.kind === 'broken' ? String(s.verify.seq) : null));
  const stamp = useRunStamp();
  useEffect(() => {
    if (open) void loadAudit(api);
  }, [api, open, stamp]);
  return (
    <section className="panel audit-panel" data-testid={TestIds.auditPanel} data-open={open}>
      <header className="panel-head">
        <button className="link-button audit-toggle" data-testid={TestIds.auditToggle} aria-expanded={open} onClick={() => toggleAudit()}>
          {open ? '▾' : '▸'}
        </button>
        <h2>Audit log</h2>
        <span className="muted small">{open ? `${ids.length} entries (newest first, hash-chained)` : 'every admin action: who, what, when, outcome'}</span>
      </header>
      {open && (
        <>
          <AuditTools />
          {load.kind === 'failed' && (
            <div className="form-error" data-testid={TestIds.auditError} data-code={load.code}>
              Could not load the audit log: {load.reason}
            </div>
          )}
          <div className="audit-scroll">
            <table className="grid-table audit-table" data-testid={TestIds.auditList} data-count={ids.length}>
              <thead>
                <tr>
                  <th className="num">#</th>
                  <th>Time</th>
                  <th>Actor</th>
                  <th>Cluster</th>
                  <th>Action</th>
                  <th>Parameters</th>
                  <th>Outcome</th>
                  <th>Hash</th>
                </tr>
              </thead>
              <tbody>
                {ids.map((id) => (
                  <AuditRow key={id} id={id} broken={id === brokenSeq} />
                ))}
              </tbody>
            </table>
            {ids.length === 0 && load.kind === 'loaded' && <div className="muted small pad">No admin action has been recorded yet.</div>}
          </div>
        </>
      )}
    </section>
  );
}
