import { BridgeServerFrameSchema } from '../../shared/ipc/bridge-frames';
import { DELTA_CHANNEL, type MonitorDelta } from '../../shared/ipc/delta';
import { consoleWarn, parseDelta, type Warn } from './parse-delta';

export type IncomingFrame = { kind: 'delta'; delta: MonitorDelta } | { kind: 'response'; id: number; result: unknown };

/**
 * Reads one frame from the bridge. Anything that is not JSON, not a known
 * frame, a push on an unknown channel, or an invalid delta is dropped with a
 * warning (`null`), never thrown.
 */
export function readFrame(data: unknown, warn: Warn = consoleWarn): IncomingFrame | null {
  let json: unknown;
  try {
    json = JSON.parse(typeof data === 'string' ? data : String(data));
  } catch {
    warn('[replicadesk] dropped a bridge frame that is not JSON');
    return null;
  }
  const frame = BridgeServerFrameSchema.safeParse(json);
  if (!frame.success) {
    warn('[replicadesk] dropped an invalid bridge frame', frame.error.issues);
    return null;
  }
  if (frame.data.type === 'response') return { kind: 'response', id: frame.data.id, result: frame.data.result };
  if (frame.data.channel !== DELTA_CHANNEL) {
    warn(`[replicadesk] dropped a push on unknown channel ${frame.data.channel}`);
    return null;
  }
  const delta = parseDelta(frame.data.payload, warn);
  return delta ? { kind: 'delta', delta } : null;
}
