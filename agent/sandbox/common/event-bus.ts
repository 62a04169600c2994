import type { AgentEvent } from '../../../shared/agent/events';

export type EventListener = (event: AgentEvent) => void;

/**
 * Routes sandbox events to node agents. An event about a node is pushed by
 * that node's agent while it is alive; otherwise (or for cluster-wide events)
 * by the first live node, so the app receives each event once.
 */
export class EventBus {
  private readonly byNode = new Map<string, Set<EventListener>>();
  private readonly taps = new Set<EventListener>();

  constructor(
    private readonly nodeIds: readonly string[],
    private readonly isAlive: (nodeId: string) => boolean,
    private readonly onListenerError: (error: unknown) => void = () => {},
  ) {}

  subscribe(nodeId: string, listener: EventListener): () => void {
    let set = this.byNode.get(nodeId);
    if (!set) this.byNode.set(nodeId, (set = new Set()));
    set.add(listener);
    return () => void set.delete(listener);
  }

  /** Sees every event whoever pushes it (tests, logs). */
  tap(listener: EventListener): () => void {
    this.taps.add(listener);
    return () => void this.taps.delete(listener);
  }

  emit(event: AgentEvent): void {
    const target =
      event.nodeId !== null && this.isAlive(event.nodeId) ? event.nodeId : this.nodeIds.find((id) => this.isAlive(id));
    const listeners = [...this.taps, ...(target ? (this.byNode.get(target) ?? []) : [])];
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  clear(nodeId?: string): void {
    if (nodeId === undefined) {
      this.byNode.clear();
      this.taps.clear();
    } else {
      this.byNode.delete(nodeId);
    }
  }
}
