import { TestIds } from '../../testids';

/** Kill / restart the node selected in the graph. */
export function NodeFaults({ nodeId, run }: { nodeId: string | null; run: (fault: unknown) => void }) {
  const hint = nodeId ? `on ${nodeId}` : 'select a node in the graph';
  return (
    <div className="tool-group">
      <span className="tool-label">Node</span>
      <button
        className="danger"
        disabled={!nodeId}
        title={`Kill the node process ${hint}`}
        data-testid={TestIds.sandboxKill}
        onClick={() => nodeId && run({ kind: 'kill-node', nodeId })}
      >
        Kill
      </button>
      <button
        disabled={!nodeId}
        title={`Restart the node ${hint}`}
        data-testid={TestIds.sandboxRestart}
        onClick={() => nodeId && run({ kind: 'restart-node', nodeId })}
      >
        Restart
      </button>
    </div>
  );
}
