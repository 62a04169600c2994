import type { RawData } from 'ws';
import { AgentCommandNameSchema, type AgentFrame, type ErrorFrame } from '../../shared/agent/protocol';
import { fail, type Failure } from '../../shared/result';
import type { Logger } from '../log';

/** An `error` frame from a failure; `field` is the first failing path. */
export function errorFrame(failure: Failure, id?: string): ErrorFrame {
  const frame: ErrorFrame = {
    v: 1,
    type: 'error',
    code: failure.code,
    reason: failure.reason,
    field: failure.issues?.[0]?.path ?? null,
  };
  if (failure.issues) frame.issues = failure.issues;
  if (id !== undefined) frame.id = id;
  return frame;
}

/** JSON text of a frame; one that would exceed the limit becomes a small `frame-too-large` error instead. */
export function encodeFrame(frame: AgentFrame, maxFrameBytes: number, log: Logger): string {
  const text = JSON.stringify(frame);
  if (Buffer.byteLength(text, 'utf8') <= maxFrameBytes) return text;
  log.warn('outgoing frame too large; sent an error instead', { type: frame.type, bytes: Buffer.byteLength(text, 'utf8') });
  return JSON.stringify(errorFrame(fail('frame-too-large', `a ${frame.type} frame exceeded ${maxFrameBytes} bytes and was dropped`)));
}

export function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

/** A WebSocket close reason is at most 123 bytes. */
export function closeReason(reason: string): string {
  let out = reason;
  while (Buffer.byteLength(out, 'utf8') > 123) out = out.slice(0, -1);
  return out;
}

/** The `id` of a rejected command frame, when it can be read, so the client can match the error. */
export function readCommandId(text: string): string | undefined {
  try {
    const json: unknown = JSON.parse(text);
    if (json && typeof json === 'object' && (json as { type?: unknown }).type === 'command') {
      const id = (json as { id?: unknown }).id;
      if (typeof id === 'string' && id.length > 0 && id.length <= 128) return id;
    }
  } catch {
    // not JSON: no id to report
  }
  return undefined;
}

/**
 * A `command` frame that is valid but for a command name this protocol does
 * not define: its id and name, so the agent answers it with a commandResult.
 */
export function unknownCommand(text: string): { id: string; name: string } | null {
  try {
    const json = JSON.parse(text) as { v?: unknown; type?: unknown; id?: unknown; command?: unknown } | null;
    if (!json || typeof json !== 'object' || json.v !== 1 || json.type !== 'command') return null;
    const { id, command } = json;
    if (typeof id !== 'string' || id.length === 0 || id.length > 128) return null;
    const name = command && typeof command === 'object' ? (command as { name?: unknown }).name : undefined;
    if (typeof name !== 'string' || AgentCommandNameSchema.safeParse(name).success) return null;
    return { id, name: name.slice(0, 100) };
  } catch {
    return null;
  }
}
