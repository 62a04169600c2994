import type { MonitorStatus } from '../../../shared/model/cluster';
import { assertNever } from '../../../shared/result';
import { TestIds } from '../../testids';

function text(status: MonitorStatus): { label: string; title: string } {
  switch (status.kind) {
    case 'connecting':
      return { label: 'connecting', title: 'Connecting to the cluster' };
    case 'live':
      return { label: 'live', title: 'Monitoring' };
    case 'failed':
      return {
        label: 'failed',
        title: `${status.reason}${status.retryAt ? ` (retrying at ${new Date(status.retryAt).toLocaleTimeString()})` : ''}`,
      };
    case 'stopped':
      return { label: 'stopped', title: 'Monitoring stopped' };
    default:
      return assertNever(status, 'monitor status');
  }
}

/** The monitor's own state for a cluster (not its nodes'); `compact`: a dot beside the headline state. */
export function StatusBadge({ status, compact = false }: { status: MonitorStatus; compact?: boolean }) {
  const { label, title } = text(status);
  if (compact) {
    return <span className={`monitor-dot monitor-${status.kind}`} title={title} aria-label={label} data-testid={TestIds.clusterStatus} data-status={status.kind} />;
  }
  return (
    <span className={`badge badge-${status.kind}`} title={title} data-testid={TestIds.clusterStatus} data-status={status.kind}>
      {label}
    </span>
  );
}
