import { useState } from 'react';
import type { Session } from '../../../shared/model/locking';
import { waitedMs } from '../../../shared/locking/blocking-tree';
import { formatMs } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { TestIds } from '../../testids';
import { ActionButton } from './ActionButton';
import { Age } from './Age';
import { orDash, truncateQuery, waitLabel } from './format';

/** One session of a chain (depth 0: the root), with its query (click to expand), waits and actions. */
export function SessionRow({ clusterId, nodeId, session: s, depth }: { clusterId: string; nodeId: string; session: Session; depth: number }) {
  const [full, setFull] = useState(false);
  const now = useNow(1_000);
  const waiting = depth > 0;
  return (
    <tr className={depth === 0 ? 'chain-root-row' : undefined} data-testid={TestIds.chainSession} data-pid={s.pid} data-depth={depth} data-node-id={nodeId}>
      <td style={{ paddingLeft: 6 + depth * 16 }}>
        {depth > 0 && <span className="muted">└ </span>}
        <strong>{s.pid}</strong>
      </td>
      <td>
        {orDash(s.user)} / {orDash(s.database)}
        <div className="muted small">{s.application || 'no application'}</div>
      </td>
      <td>{orDash(s.state)}</td>
      <td>{waitLabel(s.waitEventType, s.waitEvent)}</td>
      <td className="query-cell">
        <code className={full ? 'query full' : 'query'} title={s.query} data-testid={TestIds.sessionQuery} onClick={() => setFull(!full)}>
          {full ? s.query : truncateQuery(s.query)}
        </code>
      </td>
      <td className="nowrap">{waiting ? formatMs(waitedMs(s, now)) : <span className="muted">blocks</span>}</td>
      <td className="nowrap">
        <Age since={s.xactStartedAt} />
      </td>
      <td>
        <span className="row-actions">
          <ActionButton clusterId={clusterId} nodeId={nodeId} kind="cancel-query" what={{ pid: s.pid }} />
          <ActionButton clusterId={clusterId} nodeId={nodeId} kind="terminate-session" what={{ pid: s.pid }} />
        </span>
      </td>
    </tr>
  );
}
