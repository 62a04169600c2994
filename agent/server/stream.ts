import type { NodeBackend } from '../backend';
import type { AgentFrame } from '../../shared/agent/protocol';
import type { Logger } from '../log';

/**
 * What one subscribed connection receives: a `samples` frame every
 * `intervalMs` (the first one at once) and every backend event as it comes.
 * A slow client never blocks the agent: while its socket is congested,
 * samples are skipped and counted, and `seq` shows the gap.
 */
export class SessionStream {
  private timer: NodeJS.Timeout | null = null;
  private unsubscribeEvents: (() => void) | null = null;
  private seq = 0;
  private inFlight = false;
  private disposed = false;
  skippedSamples = 0;

  constructor(
    private readonly backend: NodeBackend,
    private readonly send: (frame: AgentFrame) => void,
    private readonly isCongested: () => boolean,
    private readonly onReportFailed: (reason: string) => void,
    private readonly log: Logger,
  ) {}

  /** Starts or re-times the stream; a second `subscribe` only changes the interval. */
  start(intervalMs: number): void {
    if (this.disposed) return;
    if (this.timer) clearInterval(this.timer);
    this.timer = setInterval(() => void this.tick(), intervalMs);
    this.unsubscribeEvents ??= this.backend.onEvent((event) => {
      if (!this.disposed) this.send({ v: 1, type: 'event', event });
    });
    void this.tick();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.unsubscribeEvents?.();
    this.unsubscribeEvents = null;
  }

  private async tick(): Promise<void> {
    if (this.inFlight || this.disposed) return;
    if (this.isCongested()) {
      this.skippedSamples += 1;
      this.seq += 1;
      return;
    }
    this.inFlight = true;
    try {
      const report = await this.backend.report();
      if (this.disposed) return;
      if (!report.ok) {
        this.onReportFailed(report.reason);
        return;
      }
      this.send({ v: 1, type: 'samples', seq: this.seq++, reports: [report.value] });
    } catch (error) {
      this.log.warn('report threw', { error: error instanceof Error ? error.message : String(error) });
      if (!this.disposed) this.onReportFailed(error instanceof Error ? error.message : 'report failed');
    } finally {
      this.inFlight = false;
    }
  }
}
