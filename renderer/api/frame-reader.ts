import { readFrame, type IncomingFrame } from './frames';
import { parseDelta } from './parse-delta';
import type { CheckRequest, CheckResult } from './delta-protocol';

/** The input of a reader: a bridge frame (any WebSocket data) or an Electron delta payload. */
export type RawInput = { kind: 'frame'; data: unknown } | { kind: 'delta'; payload: unknown };

/** Checks raw input and hands each valid frame to `onFrame`, in the order the input came. */
export interface FrameReader {
  read(input: RawInput): void;
  dispose(): void;
}

export type FrameSink = (frame: IncomingFrame) => void;

/** The part of `Worker` the reader uses. */
export interface WorkerLike {
  onmessage: ((ev: MessageEvent<CheckResult>) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  postMessage(message: CheckRequest): void;
  terminate(): void;
}

function checkHere(input: RawInput): IncomingFrame | null {
  if (input.kind === 'frame') return readFrame(input.data);
  const delta = parseDelta(input.payload);
  return delta ? { kind: 'delta', delta } : null;
}

/** Checks on the calling task (unit tests, and wherever there is no Worker). */
export function inlineFrameReader(onFrame: FrameSink): FrameReader {
  return {
    read: (input) => {
      const frame = checkHere(input);
      if (frame) onFrame(frame);
    },
    dispose: () => undefined,
  };
}

/**
 * Checks in a worker. Results are delivered strictly in input order (a held
 * map by id). If the worker fails (cannot load, crashes), every input still
 * waiting and all later ones are checked inline instead: nothing is lost.
 */
export function workerFrameReader(worker: WorkerLike, onFrame: FrameSink): FrameReader {
  const waiting = new Map<number, RawInput>();
  const done = new Map<number, CheckResult>();
  let nextId = 0;
  let head = 0;
  let broken = false;
  let disposed = false;
  const deliver = (r: CheckResult) => {
    for (const [message, ...details] of r.warnings) console.warn(message, ...details);
    if (r.frame) onFrame(r.frame);
  };
  const flush = () => {
    for (let r = done.get(head); r && !disposed; r = done.get(head)) {
      done.delete(head);
      waiting.delete(head);
      head += 1;
      deliver(r);
    }
  };
  const fallBack = () => {
    if (broken) return;
    broken = true;
    worker.terminate();
    console.warn('[replicadesk] the delta worker failed; checking frames on the page');
    for (const [id, input] of [...waiting].sort((a, b) => a[0] - b[0])) {
      if (!done.has(id)) done.set(id, { id, frame: checkHere(input), warnings: [] });
    }
    flush();
  };
  worker.onmessage = (ev) => {
    if (broken || disposed) return;
    done.set(ev.data.id, ev.data);
    flush();
  };
  worker.onerror = fallBack;
  return {
    read: (input) => {
      if (disposed) return;
      const id = nextId++;
      if (broken) {
        done.set(id, { id, frame: checkHere(input), warnings: [] });
        return flush();
      }
      waiting.set(id, input);
      if (input.kind === 'frame') {
        const text = typeof input.data === 'string' ? input.data : String(input.data);
        worker.postMessage({ id, kind: 'frame', text });
      } else worker.postMessage({ id, kind: 'delta', payload: input.payload });
    },
    dispose: () => {
      disposed = true;
      worker.terminate();
      waiting.clear();
      done.clear();
    },
  };
}

/** A worker reader in the page; inline where `Worker` is missing or will not start. */
export function defaultFrameReader(onFrame: FrameSink): FrameReader {
  if (typeof Worker === 'undefined') return inlineFrameReader(onFrame);
  try {
    const worker = new Worker(new URL('./delta-worker.ts', import.meta.url), { type: 'module' });
    return workerFrameReader(worker as unknown as WorkerLike, onFrame);
  } catch (err) {
    console.warn('[replicadesk] cannot start the delta worker; checking frames on the page', err);
    return inlineFrameReader(onFrame);
  }
}
