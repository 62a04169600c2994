import { describe, expect, it } from 'vitest';
import { ok } from '../../../../../shared/result';
import type { StepSession } from '../../../../../electron/drivers/postgres/actions/session';
import { waitCaughtUp } from '../../../../../electron/drivers/postgres/actions/step-waits';

/** A session whose nodes answer with fixed rows (the state query, and the old primary's insert/flush position). */
function session(rows: Record<string, { rec: boolean; lsn: string | null; receive_lsn: string | null; replay_lsn: string | null; insert_lsn?: string; flush_lsn?: string; delay_ms?: number }>): StepSession {
  return {
    signal: new AbortController().signal,
    nameOf: (id: string) => id.replace('127.0.0.1:', 'n'),
    query: async (node: string) => ok([{ tli: '00000002', ...rows[node] }]),
  } as unknown as StepSession;
}

describe('waitCaughtUp without the agent', () => {
  it('counts the WAL a standby replayed when its receiver restarted at a segment start (idle cluster, seen in a trial)', async () => {
    const s = session({
      // The fenced old primary, idle: its last position.
      '127.0.0.1:2': { rec: false, lsn: '0/3052E10', receive_lsn: null, replay_lsn: null, insert_lsn: '0/3052E10', flush_lsn: '0/3052E10', delay_ms: 200 },
      // The candidate: replayed all of it, but pg_last_wal_receive_lsn() reads the segment start.
      '127.0.0.1:1': { rec: true, lsn: null, receive_lsn: '0/3000000', replay_lsn: '0/3052E10' },
    });
    const r = await waitCaughtUp(s, '127.0.0.1:1', '127.0.0.1:2', null);
    expect(r).toEqual(ok(expect.stringMatching(/^n1 has WAL up to 0\/3052E10 \(received 0\/3000000, replayed 0\/3052E10\), past n2's last position 0\/3052E10/)));
  });
});
