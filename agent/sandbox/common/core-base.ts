import type { AgentEvent } from '../../../shared/agent/events';
import type { Scheduler, TimerHandle } from '../sim/scheduler';
import { EventBus } from './event-bus';

/** What every sandbox core shares: an event bus, an emit helper and a periodic tick on the simulated clock. */
export abstract class CoreBase {
  readonly events: EventBus;
  private tickTimer: TimerHandle | null = null;

  constructor(
    readonly name: string,
    readonly sched: Scheduler,
    readonly nodeIds: readonly string[],
    private readonly tickMs: number,
  ) {
    this.events = new EventBus(nodeIds, (id) => this.isAlive(id));
  }

  abstract isAlive(nodeId: string): boolean;

  /** Runs every tickMs of simulated time while started. */
  protected abstract tick(): void;

  emit(kind: AgentEvent['kind'], severity: AgentEvent['severity'], nodeId: string | null, message: string): void {
    this.events.emit({ at: Math.round(this.sched.now()), kind, severity, nodeId, message });
  }

  protected startTicking(): void {
    const loop = () => {
      this.tick();
      this.tickTimer = this.sched.after(this.tickMs, loop);
    };
    this.tickTimer = this.sched.after(this.tickMs, loop);
  }

  protected stopTicking(): void {
    this.tickTimer?.cancel();
    this.tickTimer = null;
  }
}
