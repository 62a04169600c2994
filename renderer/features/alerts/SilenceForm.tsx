import { useState } from 'react';
import { useApi } from '../../api/context';
import { AlertIds } from './ids';
import { checkSilence } from './form-checks';
import { useClusterNodes } from './node-name';

/** Creates a silence (maintenance window) for the cluster or one node: a duration in minutes and a reason. */
export function SilenceForm({ clusterId, onCreated }: { clusterId: string; onCreated: () => void }) {
  const api = useApi();
  const nodes = useClusterNodes(clusterId);
  const [minutes, setMinutes] = useState('60');
  const [reason, setReason] = useState('');
  const [nodeId, setNodeId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const problem = checkSilence({ minutes, reason });
    if (problem) return setError(problem);
    const m = Number(minutes);
    const r = await api.invoke('alerts:silence', { clusterId, nodeId: nodeId || null, durationMs: Math.round(m * 60_000), reason });
    if (!r.ok) return setError(r.reason);
    setError(null);
    setReason('');
    onCreated();
  };
  return (
    <form className="silence-form small" noValidate data-testid={AlertIds.silenceForm} onSubmit={(e) => (e.preventDefault(), void submit())}>
      Silence
      <select value={nodeId} onChange={(e) => setNodeId(e.target.value)} data-testid={AlertIds.silenceNode} aria-label="Silence scope">
        <option value="">the whole cluster</option>
        {nodes.map((n) => <option key={n.id} value={n.id}>node {n.name}</option>)}
      </select>
      for
      <input type="number" min="1" value={minutes} onChange={(e) => setMinutes(e.target.value)} data-testid={AlertIds.silenceDuration} aria-label="Silence duration (minutes)" />
      min, because
      <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="reason or ticket (required)" data-testid={AlertIds.silenceReason} aria-label="Silence reason" />
      <button type="submit" data-testid={AlertIds.silenceCreate}>Silence</button>
      {error && <span className="error-text"> {error}</span>}
    </form>
  );
}
