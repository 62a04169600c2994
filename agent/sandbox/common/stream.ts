import type { LinkState } from '../../../shared/model/link';
import type { SimNetwork } from '../sim/network';
import type { Scheduler, TimerHandle } from '../sim/scheduler';
import type { Positioned } from './apply-pipeline';
import { formatLsn } from './position';

/** The sending end: a log that can be read from any retained position. */
export interface StreamSource<E extends Positioned> {
  readonly id: string;
  readonly alive: boolean;
  /** How far receivers may stream (a cascading replica only sends what it has flushed). */
  sendableEnd(): number;
  entryFrom(pos: number): E | undefined;
}

/** The receiving end: takes changes in order from its write position. */
export interface StreamSink<E extends Positioned> {
  readonly id: string;
  readonly alive: boolean;
  readonly writePos: number;
  receive(e: E): boolean;
}

export type ConnectCheck = { ok: true } | { ok: false; wait: boolean; reason: string };

export interface StreamStatus {
  state: LinkState;
  /** Why the link is not streaming, for the receiver's status. */
  reason: string | null;
}

/** Bytes a receiver may trail and still count as streaming (not catching up). */
const CATCHUP_BYTES = 64 * 1024;

/**
 * One replication connection. On (re)connect the receiver asks for changes
 * from its write position (after `check`, e.g. a history check); the source
 * then ships changes in order, keeping at most `windowMs` of bytes queued
 * on a bandwidth-limited link, so "sent" advances at the link's pace.
 */
export class ReplicationStream<E extends Positioned, S extends StreamSource<E>, R extends StreamSink<E>> {
  sentPos: number;
  status: StreamStatus = { state: 'catchup', reason: null };
  private epoch = -1;
  private connected = false;
  private closed = false;
  private wakeup: TimerHandle | null = null;

  constructor(
    private readonly net: SimNetwork,
    private readonly sched: Scheduler,
    readonly upstream: S,
    readonly receiver: R,
    private readonly check: () => ConnectCheck = () => ({ ok: true }),
    private readonly windowMs = 100,
  ) {
    this.sentPos = receiver.writePos;
  }

  get isConnected(): boolean {
    return this.connected;
  }

  close(): void {
    this.closed = true;
    this.wakeup?.cancel();
  }

  private down(state: LinkState, reason: string): void {
    this.connected = false;
    this.status = { state, reason };
  }

  pump(): void {
    const { upstream: up, receiver: rx, net } = this;
    if (this.closed || !rx.alive) return void (this.connected = false);
    if (!up.alive) return this.down('stopped', `upstream ${up.id} is down`);
    if (net.isCut(up.id, rx.id)) return this.down('broken', `the link ${up.id} -> ${rx.id} is cut`);
    if (!this.connected || net.epoch(up.id, rx.id) !== this.epoch) {
      const check = this.check();
      if (!check.ok) return this.down(check.wait ? 'catchup' : 'broken', check.reason);
      this.connected = true;
      this.epoch = net.epoch(up.id, rx.id);
      this.sentPos = rx.writePos;
    }
    const end = up.sendableEnd();
    while (this.sentPos < end && net.backlogMs(up.id, rx.id) < this.windowMs) {
      const e = up.entryFrom(this.sentPos);
      if (!e) return this.down('broken', `${up.id} no longer has the changes at ${formatLsn(this.sentPos)} that ${rx.id} needs`);
      const epoch = this.epoch;
      net.send(up.id, rx.id, e.endPos - e.startPos, () => {
        if (!this.closed && epoch === this.epoch) rx.receive(e);
      });
      this.sentPos = e.endPos;
    }
    this.status = { state: end - rx.writePos > CATCHUP_BYTES ? 'catchup' : 'streaming', reason: null };
    if (this.sentPos < end && !this.wakeup) {
      const waitMs = Math.max(1, net.backlogMs(up.id, rx.id) - this.windowMs + 1);
      this.wakeup = this.sched.after(waitMs, () => {
        this.wakeup = null;
        this.pump();
      });
    }
  }
}
