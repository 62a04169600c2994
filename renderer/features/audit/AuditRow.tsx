import { memo } from 'react';
import { formatDateTime } from '../../lib/format';
import { TestIds } from '../../testids';
import { useClusters } from '../clusters/store';
import { selectNodeName } from '../topology/node-name';
import { useTopology } from '../topology/store';
import { formatParams, shortHash, useAudit } from './store';

export const AuditRow = memo(function AuditRow({ id, broken }: { id: string; broken: boolean }) {
  const entry = useAudit((s) => s.entries.byId[id]);
  const clusterName = useClusters((s) => (entry ? (s.byId[entry.clusterId]?.name ?? entry.clusterId) : ''));
  // A string: the row re-renders only when a node it names is renamed, not on every sample.
  const params = useTopology((s) => (entry ? formatParams(entry.params, (v) => selectNodeName(s, entry.clusterId, v)) : ''));
  if (!entry) return null;
  return (
    <tr className={broken ? 'row-bad' : undefined} data-testid={TestIds.auditRow} data-seq={entry.seq} data-action={entry.action} data-outcome={entry.outcome}>
      <td className="num">{entry.seq}</td>
      <td className="audit-time">{formatDateTime(entry.at)}</td>
      <td>{entry.actor}</td>
      <td title={entry.clusterId}>{clusterName}</td>
      <td>{entry.action}</td>
      <td className="audit-params" title={params}>
        {params}
      </td>
      <td className="audit-outcome" title={entry.outcome}>
        {entry.outcome}
      </td>
      <td className="audit-hash" title={`hash ${entry.hash}\nprev ${entry.prevHash}`}>
        {shortHash(entry.hash)}
      </td>
    </tr>
  );
});
