import type { GaleraCluster } from '../../../shared/engines/galera';
import { MariadbTestIds } from './testids';

/** After a full stop: which node to start first, and why. */
export function BootstrapAdvice({ advice, name }: { advice: NonNullable<GaleraCluster['bootstrap']>; name: string }) {
  return (
    <div className="banner warn" data-testid={MariadbTestIds.galeraBootstrap} data-node-id={advice.nodeId} data-seqno={advice.seqno ?? ''}>
      <strong>Bootstrap from {name}</strong>
      {advice.seqno !== null && <span> (seqno {advice.seqno})</span>}: {advice.reason}. Start it with <code>galera_new_cluster</code>, then the others
      normally.
    </div>
  );
}
