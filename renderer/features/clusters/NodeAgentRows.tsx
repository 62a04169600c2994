import { TestIds } from '../../testids';
import { Field } from './Field';
import { emptyNodeAgentRow, leftover, rowErrors, type NodeAgentRow } from './node-agent-rows';

interface NodeAgentRowsProps {
  rows: NodeAgentRow[];
  onChange: (rows: NodeAgentRow[]) => void;
  /** The rows' mistakes, each naming its row ("agent 2: …"). */
  error: string | undefined;
  /** What the agents are and how they are started, shown above the rows. */
  hint: string;
  addressPlaceholder: string;
  urlPlaceholder: string;
  /** The token field's placeholder ("Edit connection…": empty keeps the stored token). */
  tokenPlaceholder?: string | undefined;
}

/** Optional node agents of a cluster: one row per agent (node address, agent URL, token), added and removed by the user. */
export function NodeAgentRows({ rows, onChange, error, hint, addressPlaceholder, urlPlaceholder, tokenPlaceholder }: NodeAgentRowsProps) {
  const set = (i: number, patch: Partial<NodeAgentRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="node-agents" data-field="nodeAgents">
      <legend>Node agents (optional)</legend>
      <div className="field-hint">{hint}</div>
      {rows.map((r, i) => {
        const mine = rowErrors(error, i + 1);
        return (
          <div className={`node-agent${mine.length ? ' has-error' : ''}`} key={i} data-row={i + 1}>
            <Field field="agentNodeAddress" label={`Agent ${i + 1}: node host:port`} value={r.nodeAddress} onChange={(v) => set(i, { nodeAddress: v })} error={undefined} placeholder={addressPlaceholder} />
            <Field field="agentUrl" label="Agent URL" value={r.url} onChange={(v) => set(i, { url: v })} error={undefined} placeholder={urlPlaceholder} />
            <Field field="agentToken" label="Token" type="password" value={r.token} onChange={(v) => set(i, { token: v })} error={undefined} placeholder={tokenPlaceholder} hint="Kept in the secret store." />
            {mine.map((m) => (
              <div className="field-error" key={m}>
                {m}
              </div>
            ))}
            <button type="button" className="small" aria-label={`remove agent ${i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
              Remove
            </button>
          </div>
        );
      })}
      <button type="button" className="small" data-testid={TestIds.formField} data-field="addNodeAgent" onClick={() => onChange([...rows, { ...emptyNodeAgentRow }])}>
        + Add node agent
      </button>
      {error && (
        <div className="field-error" data-testid={TestIds.fieldError} data-field="nodeAgents" title={error}>
          {leftover(error, rows.length) || 'Fix the agents marked in red.'}
        </div>
      )}
    </fieldset>
  );
}
