import type { WebSocket } from 'ws';
import { BridgeClientFrameSchema, type BridgeServerFrame } from '../../shared/ipc/bridge-frames';
import { DELTA_CHANNEL, type MonitorDelta } from '../../shared/ipc/delta';
import { parseOrFail } from '../../shared/validate';
import type { Result } from '../../shared/result';

export interface BridgeCore {
  handle(channel: unknown, request: unknown): Promise<Result<unknown>>;
}

export interface BridgeLimits {
  /** Unread bytes (ws `bufferedAmount`, responses and deltas alike) past which the client is dropped. */
  maxBufferedBytes: number;
  /** Requests being handled at once; past this the socket is not read until one finishes. */
  maxInFlight: number;
}

export const DEFAULT_BRIDGE_LIMITS: BridgeLimits = { maxBufferedBytes: 8 * 1024 * 1024, maxInFlight: 32 };

/** Close code for a client dropped because it does not read (policy violation). */
export const TOO_SLOW_CLOSE = 1008;

/**
 * One browser connected to the bridge: requests in, responses and deltas out.
 * Memory per client is bounded: at most `maxInFlight` requests are handled at
 * once, and a client that leaves more than `maxBufferedBytes` unread is dropped.
 */
export class BridgeClient {
  private inFlight = 0;
  private dropped = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly core: BridgeCore,
    private readonly limits: BridgeLimits = DEFAULT_BRIDGE_LIMITS,
    /** Someone used the page (an `activity` frame): the session lives on. Requests alone never call it. */
    private readonly onActivity: () => void = () => undefined,
    private readonly onDropped: (reason: string) => void = () => undefined,
  ) {
    ws.on('message', (data, isBinary) => void this.onMessage(isBinary ? null : data.toString()));
  }

  pushDelta(delta: MonitorDelta): void {
    this.send({ type: 'push', channel: DELTA_CHANNEL, payload: delta });
  }

  private async onMessage(text: string | null): Promise<void> {
    const frame = parseOrFail(BridgeClientFrameSchema, text === null ? null : safeJson(text), 'bridge frame');
    if (!frame.ok) {
      this.send({ type: 'response', id: idOf(text), result: frame });
      return;
    }
    if ('type' in frame.value) {
      this.onActivity();
      return;
    }
    if (++this.inFlight >= this.limits.maxInFlight) this.ws.pause();
    try {
      const result = await this.core.handle(frame.value.channel, frame.value.request);
      this.send({ type: 'response', id: frame.value.id, result });
    } finally {
      if (this.inFlight-- === this.limits.maxInFlight && !this.dropped) this.ws.resume();
    }
  }

  private send(frame: BridgeServerFrame): void {
    if (this.dropped || this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > this.limits.maxBufferedBytes) {
      this.drop(`too slow: more than ${this.limits.maxBufferedBytes} bytes unread`);
      return;
    }
    this.ws.send(JSON.stringify(frame));
  }

  /** Closes with a reason, and cuts the connection if the close frame cannot get through either. */
  private drop(reason: string): void {
    this.dropped = true;
    this.onDropped(reason);
    this.ws.close(TOO_SLOW_CLOSE, reason);
    setTimeout(() => this.ws.terminate(), 1_000).unref();
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function idOf(text: string | null): number {
  const v = text === null ? null : (safeJson(text) as { id?: unknown } | null);
  return typeof v === 'object' && v !== null && typeof v.id === 'number' ? v.id : -1;
}
