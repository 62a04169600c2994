import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatAgo } from '../../lib/format';
import { useTopology } from '../topology/store';
import { selectNodeName } from '../topology/node-name';
import type { EnginePolicyPreview, EnginePolicyState, PglResolution } from '../../../shared/ipc/engine-policy';
import { PglResolutionSchema } from '../../../shared/ipc/engine-policy';
import { useApi } from '../../api/context';

type Step =
  | { kind: 'idle' }
  | { kind: 'preview'; preview: EnginePolicyPreview }
  | { kind: 'done'; steps: { nodeId: string; status: string; detail: string }[] }
  | { kind: 'failed'; reason: string };

/**
 * The engine's own conflict policy (pglogical.conflict_resolution) of one
 * cluster: as each node reports it, previewed against the recent conflicts,
 * switched on every node after the cluster's name is typed. Shown only for
 * clusters whose engine has one.
 */
export function EnginePolicyControl({ clusterId, clusterName }: { clusterId: string; clusterName: string }) {
  const api = useApi();
  const [state, setState] = useState<EnginePolicyState | null>(null);
  const [value, setValue] = useState<PglResolution | null>(null);
  const [typed, setTyped] = useState('');
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [now, setNow] = useState(() => Date.now());
  // useShallow: a new object each call would re-render forever (zustand 5).
  const names = useTopology(useShallow((s) => Object.fromEntries((state?.perNode ?? []).map((n) => [n.nodeId, selectNodeName(s, clusterId, n.nodeId)]))));
  const load = () =>
    void api.invoke('enginePolicy:get', { clusterId }).then((r) => {
      setState(r.ok ? r.value : null);
      setNow(Date.now());
    });
  useEffect(() => {
    load();
    // Each node's value as last read: refreshed while the panel is open, with its age.
    const t = setInterval(load, POLL_MS);
    return () => clearInterval(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, clusterId]);
  if (!state) return null;
  const current = uniformValue(state);
  const chosen = value ?? current ?? 'last_update_wins';
  const preview = async () => {
    const r = await api.invoke('enginePolicy:preview', { clusterId, value: chosen });
    setStep(r.ok ? { kind: 'preview', preview: r.value } : { kind: 'failed', reason: r.reason });
  };
  const confirm = async () => {
    const r = await api.invoke('enginePolicy:set', { clusterId, value: chosen, confirmName: typed });
    setStep(r.ok ? { kind: 'done', steps: r.value.steps } : { kind: 'failed', reason: r.reason });
    load();
  };
  return (
    <section className="engine-policy" data-testid="engine-policy">
      <h4>
        Engine policy ({state.engine}: <code>conflict_resolution</code>)
      </h4>
      <ul className="small" data-testid="engine-policy-nodes">
        {state.perNode.map((n) => (
          <li key={n.nodeId} data-node-id={n.nodeId} data-value={n.value ?? ''} title={n.nodeId}>
            {names[n.nodeId] ?? n.nodeId}: <code>{n.value ?? 'unknown'}</code> <span className="muted">{n.readAt === null ? 'not read yet' : `read ${formatAgo(n.readAt, now)}`}</span>
          </li>
        ))}
      </ul>
      <select aria-label="conflict_resolution" data-testid="engine-policy-value" value={chosen} onChange={(e) => setValue(PglResolutionSchema.parse(e.target.value))}>
        {PglResolutionSchema.options.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>{' '}
      <button data-testid="engine-policy-preview" onClick={() => void preview()}>
        Preview
      </button>
      {step.kind === 'preview' && (
        <div data-testid="engine-policy-summary">
          <p>{step.preview.summary}</p>
          <pre className="mono small">{step.preview.statements.join('\n')}</pre>
          <p className="small muted">on {step.preview.nodes.join(', ')}</p>
          <input aria-label="type the cluster name to confirm" placeholder={clusterName} value={typed} onChange={(e) => setTyped(e.target.value)} />{' '}
          <button className="primary" data-testid="engine-policy-confirm" disabled={typed !== clusterName} onClick={() => void confirm()}>
            Set on every node
          </button>
        </div>
      )}
      {step.kind === 'done' && (
        <ul className="small" data-testid="engine-policy-result">
          {step.steps.map((s) => (
            <li key={s.nodeId} className={s.status === 'done' ? 'ok-text' : 'warn-text'}>
              {names[s.nodeId] ?? s.nodeId}: {s.detail}
            </li>
          ))}
        </ul>
      )}
      {step.kind === 'failed' && <p className="error-text">{step.reason}</p>}
    </section>
  );
}

const POLL_MS = 5_000;

/** The value every node reports, or null when they differ or one is unknown. */
function uniformValue(state: EnginePolicyState): PglResolution | null {
  const values = new Set(state.perNode.map((n) => n.value));
  const [only] = values;
  const parsed = PglResolutionSchema.safeParse(only);
  return values.size === 1 && parsed.success ? parsed.data : null;
}
