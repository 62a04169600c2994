import { ApplyPipeline, type PipelineDelays } from '../common/apply-pipeline';
import type { StreamSink, StreamSource } from '../common/stream';
import type { Scheduler } from '../sim/scheduler';
import { OriginLog, type ShippedVersion } from './origin-log';
import { PeerStore } from './store';

/**
 * One writable peer: its store (siblings per key), the log of versions it
 * originated, and one receive/flush/apply pipeline per other peer.
 */
export class Peer implements StreamSource<ShippedVersion> {
  alive = true;
  seq = 0;
  readonly store = new PeerStore();
  readonly log: OriginLog;
  readonly inbound = new Map<string, ApplyPipeline<ShippedVersion>>();

  constructor(
    readonly id: string,
    sched: Scheduler,
    delays: PipelineDelays,
    others: readonly string[],
    startPos: number,
    public startedAt: number,
    onApply: (peer: Peer, origin: string, e: ShippedVersion) => void,
  ) {
    this.log = new OriginLog(startPos);
    for (const origin of others) {
      this.inbound.set(origin, new ApplyPipeline<ShippedVersion>(sched, startPos, delays, (e) => onApply(this, origin, e)));
    }
  }

  sendableEnd(): number {
    return this.log.endPos;
  }

  entryFrom(pos: number): ShippedVersion | undefined {
    return this.log.entryFrom(pos);
  }

  /** The receiving end of the stream from `origin`. */
  sink(origin: string): StreamSink<ShippedVersion> {
    const pipeline = this.inbound.get(origin);
    if (!pipeline) throw new Error(`${this.id} has no stream from ${origin}`);
    const isAlive = () => this.alive;
    return {
      id: this.id,
      get alive() {
        return isAlive();
      },
      get writePos() {
        return pipeline.writePos;
      },
      receive: (e) => pipeline.accept(e),
    };
  }

  crash(): void {
    this.alive = false;
    for (const p of this.inbound.values()) p.crash();
  }

  restart(nowMs: number): void {
    this.alive = true;
    this.startedAt = nowMs;
    for (const p of this.inbound.values()) p.drain();
  }
}
