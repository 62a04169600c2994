import { afterEach, describe, expect, it, vi } from 'vitest';
import { workerFrameReader, type WorkerLike } from '../../../renderer/api/frame-reader';
import type { CheckRequest, CheckResult } from '../../../renderer/api/delta-protocol';
import { readFrame, type IncomingFrame } from '../../../renderer/api/frames';
import { DELTA_CHANNEL } from '../../../shared/ipc/delta';
import { delta } from './fixtures';

/** A worker stand-in: checks like delta-worker.ts, but answers only when the test says, in any order. */
class FakeWorker implements WorkerLike {
  onmessage: ((ev: MessageEvent<CheckResult>) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  readonly inbox: CheckRequest[] = [];
  terminated = false;
  postMessage(message: CheckRequest): void {
    this.inbox.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  answer(id: number): void {
    const req = this.inbox.find((r) => r.id === id);
    if (!req || req.kind !== 'frame') throw new Error(`no frame request ${id}`);
    const warnings: CheckResult['warnings'] = [];
    const frame = readFrame(req.text, (m, ...d) => warnings.push([m, ...d]));
    this.onmessage?.({ data: { id, frame, warnings } } as MessageEvent<CheckResult>);
  }
}

const push = (seq: number) => JSON.stringify({ type: 'push', channel: DELTA_CHANNEL, payload: delta({ seq }) });
const seqs = (frames: IncomingFrame[]) => frames.map((f) => (f.kind === 'delta' ? f.delta.seq : -1));

describe('workerFrameReader', () => {
  afterEach(() => vi.restoreAllMocks());

  it('posts the raw text and delivers checked deltas in arrival order, whatever order the worker answers in', () => {
    const worker = new FakeWorker();
    const got: IncomingFrame[] = [];
    const reader = workerFrameReader(worker, (f) => got.push(f));
    for (const seq of [1, 2, 3]) reader.read({ kind: 'frame', data: push(seq) });
    expect(worker.inbox.map((r) => r.kind === 'frame' && typeof r.text)).toEqual(['string', 'string', 'string']);
    worker.answer(2);
    worker.answer(1);
    expect(got).toEqual([]);
    worker.answer(0);
    expect(seqs(got)).toEqual([1, 2, 3]);
  });

  it('prints the warnings of a dropped delta on the page and delivers the frames around it', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const worker = new FakeWorker();
    const got: IncomingFrame[] = [];
    const reader = workerFrameReader(worker, (f) => got.push(f));
    reader.read({ kind: 'frame', data: push(1) });
    reader.read({ kind: 'frame', data: JSON.stringify({ type: 'push', channel: DELTA_CHANNEL, payload: { seq: 'x' } }) });
    reader.read({ kind: 'frame', data: 'not json' });
    reader.read({ kind: 'frame', data: push(4) });
    for (const id of [3, 2, 1, 0]) worker.answer(id);
    expect(seqs(got)).toEqual([1, 4]);
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([
      expect.stringContaining('dropped invalid monitor delta'),
      '[replicadesk] dropped a bridge frame that is not JSON',
    ]);
  });

  it('checks on the page, in order, everything still waiting when the worker fails, and all later input', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const worker = new FakeWorker();
    const got: IncomingFrame[] = [];
    const reader = workerFrameReader(worker, (f) => got.push(f));
    for (const seq of [1, 2, 3]) reader.read({ kind: 'frame', data: push(seq) });
    worker.answer(1);
    worker.onerror?.(new Event('error'));
    expect(worker.terminated).toBe(true);
    expect(seqs(got)).toEqual([1, 2, 3]);
    reader.read({ kind: 'frame', data: push(4) });
    expect(seqs(got)).toEqual([1, 2, 3, 4]);
    expect(worker.inbox).toHaveLength(3);
  });

  it('delivers nothing after dispose', () => {
    const worker = new FakeWorker();
    const got: IncomingFrame[] = [];
    const reader = workerFrameReader(worker, (f) => got.push(f));
    reader.read({ kind: 'frame', data: push(1) });
    reader.dispose();
    worker.answer(0);
    expect(got).toEqual([]);
    expect(worker.terminated).toBe(true);
  });
});
