import { useClusters } from '../../../renderer/features/clusters/store';
import { useEvents } from '../../../renderer/features/events/store';
import { useLag } from '../../../renderer/features/lag/store';
import { useSandbox } from '../../../renderer/features/sandbox/store';
import { useSelection } from '../../../renderer/features/topology/selection';
import { useTopology } from '../../../renderer/features/topology/store';
import { useConnection } from '../../../renderer/app/connection-store';
import { useHeadlines } from '../../../renderer/features/clusters/headline-store';

/** Puts every renderer store back to its initial state. */
export function resetStores(): void {
  useClusters.setState({ ids: [], byId: {}, selectedId: null }, true);
  useHeadlines.setState({ byCluster: {} }, true);
  useTopology.setState({ byCluster: {} }, true);
  useLag.setState({ series: {}, history: {}, unit: 'bytes' }, true);
  useEvents.setState({ ids: [], byId: {}, filter: 'selected' }, true);
  useSandbox.setState({ byCluster: {} }, true);
  useSelection.setState({ selection: { kind: 'none' } }, true);
  useConnection.setState({ lastSeq: null, lastDeltaAt: null, deltasReceived: 0, droppedTotal: 0 });
}
