import { useEffect, useState } from 'react';
import type { ConflictEvent, ConflictVersion } from '../../../shared/model/conflict';
import type { PolicyPick } from '../../../shared/ipc/conflicts';
import { useApi } from '../../api/context';
import { formatDateTime } from '../../lib/format';
import { TestIds } from '../../testids';
import { previewChoice } from './commands';
import { ConflictNotes } from './EnginePreview';
import { EngineDecision } from './EngineDecision';
import { ResolvePanel } from './ResolvePanel';
import { fieldDiff } from './rows';
import { show, vectorText } from './show';
import { useConflicts } from './store';
import { useTopology, type TopologyState } from '../topology/store';
import { nodeIdName, positionLabel, versionName } from './node-names';
import { resolutionText } from './resolution-text';

function PolicyPicks({ conflict }: { conflict: ConflictEvent }) {
  const api = useApi();
  const [picks, setPicks] = useState<PolicyPick[] | null>(null);
  useEffect(() => {
    if (conflict.status !== 'open') return;
    let live = true;
    void previewChoice(api, conflict.id, { kind: 'keep', version: 0 }).then((r) => live && r.ok && setPicks(r.value.picks));
    return () => {
      live = false;
    };
  }, [api, conflict.id, conflict.status]);
  if (!picks) return null;
  return (
    <ul className="policy-picks">
      {picks.map((p, i) => (
        <li key={i} data-testid={TestIds.conflictPolicyPick} data-policy={p.policy} data-winner={p.winner ?? ''}>
          <strong>{p.policy}</strong> → {p.winner ?? 'merge'} <span className="muted">{p.why}</span>
          {!p.exact && <span className="warn-text"> (approximate)</span>}
        </li>
      ))}
    </ul>
  );
}

/** The versions side by side, field by field, differences highlighted; merge picks; resolve. */
export function ConflictDetail({ conflict: c }: { conflict: ConflictEvent }) {
  const { fields, differs, objects } = fieldDiff(c);
  const [picks, setPicks] = useState<Record<string, number>>({});
  const check = useConflicts((s) => s.checks[c.id]);
  // Display names (n1), as the graph shows them, not addresses; the engine's own name when the sample lacks the node.
  const topology = useTopology((s) => s.byCluster[c.clusterId]);
  const nodes: TopologyState = { byCluster: topology ? { [c.clusterId]: topology } : {} };
  const nameOf = (v: ConflictVersion) => versionName(nodes, c.clusterId, v);
  const names = c.versions.map(nameOf);
  const cell = (value: unknown, field: string) => (objects ? (value as Record<string, unknown>)[field] : value);
  // An engine's own decision stays reviewable (accept or overturn) until the admin has looked at it.
  const reviewable = c.status === 'open' || c.engineDecision?.review === 'pending';
  return (
    <section className="conflict-detail" data-testid={TestIds.conflictDetail} data-conflict-id={c.id} data-status={c.status}>
      <h3>
        <code>
          {c.target.table}/{c.target.key}
        </code>{' '}
        <span className="muted small">
          {c.kind} · detected {formatDateTime(c.detectedAt)}
        </span>
      </h3>
      <table className="grid-table versions-table">
        <thead>
          <tr>
            <th>field</th>
            {c.versions.map((v, i) => (
              <th key={i} data-testid={TestIds.conflictVersion} data-node-id={v.origin} title={`node ${v.nodeId}, written by ${v.origin}`}>
                {names[i]}
                <div className="muted small">{formatDateTime(v.committedAt)}</div>
                <div className="muted small mono">{vectorText(v.versionVector)}</div>
                {v.position && <div className="muted small mono">{positionLabel(v.position)}</div>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => (
            <tr key={f} className={differs.has(f) ? 'differs' : ''} data-testid={TestIds.conflictField} data-field={f} data-differs={differs.has(f)}>
              <td className="mono">{f}</td>
              {c.versions.map((v, i) => (
                <td key={i} className="mono">
                  {objects && reviewable && (
                    <input
                      type="radio"
                      name={`pick-${f}`}
                      aria-label={`take ${f} from ${names[i]}`}
                      data-testid={TestIds.conflictMergePick}
                      data-field={f}
                      data-version={i}
                      checked={picks[f] === i}
                      onChange={() => setPicks((p) => ({ ...p, [f]: i }))}
                    />
                  )}{' '}
                  {show(cell(v.value, f))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <EngineDecision conflict={c} nameOf={nameOf} nodeName={(id) => nodeIdName(nodes, c, id)} />
      <ConflictNotes notes={c.notes} />
      {reviewable ? (
        <>
          {c.status === 'open' && <PolicyPicks conflict={c} />}
          <ResolvePanel conflict={c} mergePicks={objects ? picks : null} nameOf={nameOf} />
        </>
      ) : (
        <>
          <p className="small" data-testid={TestIds.conflictResolution} title={c.resolution ? `${c.resolution.by}: ${c.resolution.how}` : undefined}>
            {resolutionText(c, nameOf)} <span className="muted">at {c.resolution ? formatDateTime(c.resolution.at) : '?'}</span> → <code>{show(c.resolution?.value)}</code>
          </p>
          {check && (
            <p className={check.state === 'converged' ? 'ok-text' : 'warn-text'} data-testid={TestIds.conflictResult} data-state={check.state}>
              {check.detail}
            </p>
          )}
        </>
      )}
    </section>
  );
}
