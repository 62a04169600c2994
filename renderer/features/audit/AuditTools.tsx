import { assertNever } from '../../../shared/result';
import { useApi } from '../../api/context';
import { formatBytes, formatClock } from '../../lib/format';
import { TestIds } from '../../testids';
import { exportAudit, loadAudit, verifyAudit } from './commands';
import { downloadText } from './download';
import { useAudit, type VerifyState } from './store';

function VerifyResult({ verify }: { verify: VerifyState }) {
  switch (verify.kind) {
    case 'idle':
      return null;
    case 'verifying':
      return <span className="muted small" data-testid={TestIds.auditVerifyResult} data-state="verifying">Verifying…</span>;
    case 'intact':
      return (
        <span className="ok-text small" data-testid={TestIds.auditVerifyResult} data-state="intact" data-entries={verify.entries}>
          ✔ Chain OK: {verify.entries} entries verified ({formatClock(verify.at).slice(0, 8)})
        </span>
      );
    case 'broken':
      return (
        <span className="error-text verify-broken" data-testid={TestIds.auditVerifyResult} data-state="broken" data-seq={verify.seq}>
          ✖ Chain BROKEN at entry #{verify.seq}: {verify.reason}
        </span>
      );
    case 'failed':
      return (
        <span className="error-text small" data-testid={TestIds.auditVerifyResult} data-state="failed" data-code={verify.code}>
          Could not verify: {verify.reason}
        </span>
      );
    default:
      return assertNever(verify, 'verify state');
  }
}

/** Refresh, verify the hash chain, export as CSV or JSON. */
export function AuditTools() {
  const api = useApi();
  const verify = useAudit((s) => s.verify);
  const exported = useAudit((s) => s.exported);
  const exporting = exported.kind === 'exporting';
  return (
    <div className="audit-tools">
      <button data-testid={TestIds.auditRefresh} onClick={() => void loadAudit(api)}>
        Refresh
      </button>
      <button data-testid={TestIds.auditVerify} disabled={verify.kind === 'verifying'} onClick={() => void verifyAudit(api)}>
        Verify chain
      </button>
      <button data-testid={TestIds.auditExportCsv} disabled={exporting} onClick={() => void exportAudit(api, 'csv', downloadText)}>
        Export CSV
      </button>
      <button data-testid={TestIds.auditExportJson} disabled={exporting} onClick={() => void exportAudit(api, 'json', downloadText)}>
        Export JSON
      </button>
      <VerifyResult verify={verify} />
      {exported.kind === 'saved' && (
        <span className="muted small" data-testid={TestIds.auditExportResult} data-state="saved" data-filename={exported.filename}>
          saved {exported.filename} ({formatBytes(exported.bytes)})
        </span>
      )}
      {exported.kind === 'failed' && (
        <span className="error-text small" data-testid={TestIds.auditExportResult} data-state="failed" data-code={exported.code}>
          Export failed: {exported.reason}
        </span>
      )}
    </div>
  );
}
