import type { AgentEvent } from '../../../shared/agent/events';
import type { LinkState } from '../../../shared/model/link';

export interface ObservedLink {
  /** `${from}->${to}` */
  id: string;
  to: string;
  receiverAlive: boolean;
  state: LinkState;
  reason: string | null;
}

type Emit = (kind: AgentEvent['kind'], severity: AgentEvent['severity'], nodeId: string | null, message: string) => void;

const isDown = (state: LinkState | undefined) => state === 'broken' || state === 'stopped';

/** Emits link-broken / link-restored when a link's state crosses between up and down. */
export class LinkObserver {
  private readonly seen = new Map<string, LinkState>();

  observe(links: Iterable<ObservedLink>, emit: Emit): void {
    for (const link of links) {
      const before = this.seen.get(link.id);
      if (link.receiverAlive && isDown(link.state) && !isDown(before)) {
        emit('link-broken', 'warning', link.to, `${link.id}: ${link.reason ?? link.state}`);
      }
      if (isDown(before) && !isDown(link.state)) emit('link-restored', 'info', link.to, `${link.id} is ${link.state} again`);
      this.seen.set(link.id, link.state);
    }
  }
}

/** A replication stream as the observer sees it. */
export function observedStream(s: {
  upstream: { id: string };
  receiver: { id: string; alive: boolean };
  status: { state: LinkState; reason: string | null };
}): ObservedLink {
  return {
    id: `${s.upstream.id}->${s.receiver.id}`,
    to: s.receiver.id,
    receiverAlive: s.receiver.alive,
    state: s.status.state,
    reason: s.status.reason,
  };
}
