import type { WebSocket } from 'ws';
import { BridgeRequestSchema, type BridgeServerFrame } from '../../shared/ipc/bridge-frames';
import { DELTA_CHANNEL, type MonitorDelta } from '../../shared/ipc/delta';
import { parseOrFail } from '../../shared/validate';
import type { Result } from '../../shared/result';

export interface BridgeCore {
  handle(channel: unknown, request: unknown): Promise<Result<unknown>>;
}

/** Past this many buffered bytes a browser is too slow: deltas are dropped for it and counted. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/** One browser connected to the bridge: requests in, responses and deltas out. */
export class BridgeClient {
  private dropped = 0;

  constructor(
    private readonly ws: WebSocket,
    private readonly core: BridgeCore,
  ) {
    ws.on('message', (data, isBinary) => void this.onMessage(isBinary ? null : data.toString()));
  }

  pushDelta(delta: MonitorDelta): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.dropped += delta.lagPoints.length + delta.events.length + 1;
      return;
    }
    const payload = this.dropped ? { ...delta, dropped: delta.dropped + this.dropped } : delta;
    this.dropped = 0;
    this.send({ type: 'push', channel: DELTA_CHANNEL, payload });
  }

  private async onMessage(text: string | null): Promise<void> {
    const frame = parseOrFail(BridgeRequestSchema, text === null ? null : safeJson(text), 'bridge frame');
    if (!frame.ok) {
      const id = idOf(text);
      this.send({ type: 'response', id, result: frame });
      return;
    }
    const result = await this.core.handle(frame.value.channel, frame.value.request);
    this.send({ type: 'response', id: frame.value.id, result });
  }

  private send(frame: BridgeServerFrame): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(frame));
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
