import { assertNever } from '../../../shared/result';
import { formatClock } from '../../lib/format';
import { TestIds } from '../../testids';
import { useClusters } from '../clusters/store';
import { useSelection } from '../topology/selection';
import { useTopology } from '../topology/store';
import { LinkFaults, type LinkTarget } from './LinkFaults';
import { NodeFaults } from './NodeFaults';
import { describeFault, outcomeOf, useSandbox, type FaultOutcome } from './store';
import { useFault } from './use-fault';
import { WorkloadFaults } from './WorkloadFaults';
import './sandbox.css';

function Outcome({ outcome }: { outcome: FaultOutcome }) {
  switch (outcome.kind) {
    case 'idle':
      return <span className="muted small" data-testid={TestIds.sandboxResult} data-state="idle">Faults apply to this sandbox only.</span>;
    case 'running':
      return <span className="small" data-testid={TestIds.sandboxResult} data-state="running">{describeFault(outcome.fault)}…</span>;
    case 'done':
      return (
        <span className="small ok-text" data-testid={TestIds.sandboxResult} data-state="done">
          {formatClock(outcome.at).slice(0, 8)} {describeFault(outcome.fault)}: {outcome.detail}
        </span>
      );
    case 'failed':
      return (
        <span className="small error-text" data-testid={TestIds.sandboxResult} data-state="failed" data-code={outcome.code}>
          {outcome.fault ? `${describeFault(outcome.fault)} failed: ` : ''}
          {outcome.reason}
        </span>
      );
    default:
      return assertNever(outcome, 'fault outcome');
  }
}

function useLinkTarget(clusterId: string): LinkTarget | null {
  const selection = useSelection((s) => s.selection);
  const link = useTopology((s) => (selection.kind === 'link' ? s.byCluster[clusterId]?.links.byId[selection.linkId] : undefined));
  if (selection.kind === 'node') return { to: selection.nodeId, text: `every link into ${selection.nodeId}` };
  if (link) return { from: link.from, to: link.to, text: `${link.from} → ${link.to}` };
  return null;
}

/** Fault injection for sandbox clusters: rehearse failures safely. Hidden for real clusters. */
export function SandboxToolbar({ clusterId }: { clusterId: string }) {
  const sandbox = useClusters((s) => s.byId[clusterId]?.sandbox ?? false);
  const nodeId = useSelection((s) => (s.selection.kind === 'node' ? s.selection.nodeId : null));
  const target = useLinkTarget(clusterId);
  const outcome = useSandbox((s) => outcomeOf(s, clusterId));
  const run = useFault(clusterId);
  if (!sandbox) return null;
  return (
    <div className="sandbox-toolbar" data-testid={TestIds.sandboxToolbar} data-cluster-id={clusterId}>
      <div className="sandbox-tools">
        <span className="sandbox-label">sandbox</span>
        <NodeFaults nodeId={nodeId} run={run} />
        <LinkFaults target={target} run={run} />
        <WorkloadFaults clusterId={clusterId} run={run} />
      </div>
      <div className="sandbox-outcome">
        <Outcome outcome={outcome} />
      </div>
    </div>
  );
}
