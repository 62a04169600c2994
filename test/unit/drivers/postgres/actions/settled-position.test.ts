import { describe, expect, it } from 'vitest';
import { settledPosition } from '../../../../../electron/drivers/postgres/actions/step-waits';
import type { StepSession } from '../../../../../electron/drivers/postgres/actions/session';
import { ok } from '../../../../../shared/result';

/** A fenced primary whose flush position is read from `flushes`, one per query after the first. */
function fenced(insert: string, flushes: string[], delayMs = 200): StepSession {
  let n = 0;
  return {
    signal: new AbortController().signal,
    nameOf: () => 'n1',
    query: async () => ok([{ insert_lsn: insert, flush_lsn: flushes[Math.min(n++, flushes.length - 1)]!, delay_ms: delayMs }]),
  } as unknown as StepSession;
}

describe('where the fenced primary WAL ends (synchronous_commit = off)', () => {
  it('waits past an acknowledged async commit not yet written: the insert position, once flushed', async () => {
    const r = await settledPosition(fenced('0/5076120', ['0/5076000', '0/5076000', '0/5076120']), 'n1');
    expect(r.ok && r.value.lsn).toBe('0/5076120');
    expect(r.ok && r.value.how).toMatch(/^the insert position after the fence, flushed in \d+ ms$/);
  });

  it('after three wal_writer_delays only records no client waited for can be unflushed: the flushed end', async () => {
    let t = 0;
    const r = await settledPosition(fenced('0/5076180', ['0/5076120']), 'n1', () => (t += 100));
    expect(r.ok && r.value.lsn).toBe('0/5076120');
    expect(r.ok && r.value.how).toMatch(/3 × wal_writer_delay\); insert position 0\/5076180$/);
  });

  it('a node in recovery is no longer the primary', async () => {
    const s = { signal: new AbortController().signal, nameOf: () => 'n1', query: async () => ok([{ insert_lsn: null, flush_lsn: null, delay_ms: 200 }]) } as unknown as StepSession;
    const r = await settledPosition(s, 'n1');
    expect(r.ok ? '' : r.code).toBe('not-primary');
  });
});
