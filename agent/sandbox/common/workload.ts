import type { Scheduler, TimerHandle } from '../sim/scheduler';
import type { Rng } from '../sim/rng';

/**
 * A background writer: calls `writeOnce` about `writesPerSecond` times a
 * second, with randomised gaps (0.5x–1.5x the mean) so writes don't march in step.
 */
export class Workload {
  private timer: TimerHandle | null = null;
  private running = false;

  constructor(
    private readonly sched: Scheduler,
    private readonly rng: Rng,
    private rate: number,
    private readonly writeOnce: () => void,
  ) {}

  get writesPerSecond(): number {
    return this.rate;
  }

  start(): void {
    this.running = true;
    this.plan();
  }

  stop(): void {
    this.running = false;
    this.timer?.cancel();
    this.timer = null;
  }

  setRate(writesPerSecond: number): void {
    this.rate = Math.max(0, writesPerSecond);
    this.timer?.cancel();
    this.timer = null;
    if (this.running) this.plan();
  }

  private plan(): void {
    if (!this.running || this.rate <= 0) return;
    const gapMs = (1000 / this.rate) * (0.5 + this.rng.next());
    this.timer = this.sched.after(gapMs, () => {
      this.timer = null;
      this.writeOnce();
      this.plan();
    });
  }
}
