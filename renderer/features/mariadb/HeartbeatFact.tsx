import type { MariadbNodeDetail } from '../../../shared/engines/mariadb';
import { formatAgo, formatMs } from '../../lib/format';
import { useNow } from '../../lib/use-now';

/** Heartbeat lag with how old the reading is, or why there is none. */
export function HeartbeatFact({ heartbeat }: { heartbeat: MariadbNodeDetail['heartbeat'] }) {
  const now = useNow(1_000);
  if (heartbeat === null) return <span className="muted">not configured</span>;
  const { lagMs, sourceServerId, measuredAt, note } = heartbeat;
  return (
    <>
      {lagMs === null ? <span className="muted">—</span> : <span>{formatMs(lagMs)}</span>}
      {sourceServerId !== null && <span className="muted"> behind server {sourceServerId}</span>}
      {measuredAt !== null && <span className="muted"> · measured {formatAgo(measuredAt, now)}</span>}
      {note && <div className="mdb-note">{note}</div>}
    </>
  );
}
