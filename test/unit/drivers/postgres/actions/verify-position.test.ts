import { describe, expect, it } from 'vitest';
import { candidateOf } from '../../../../../electron/drivers/postgres/actions/candidates';
import { walHeldText } from '../../../../../electron/drivers/postgres/actions/step-sql';
import { primaryReading, standbyReading, up } from '../fixtures';

describe('failover plan: the verify step and the ranking read the same position (F10)', () => {
  it('a standby whose receiver restarted: ranked by 0/301A948, and its verify step says it has WAL up to 0/301A948', () => {
    // pg_last_wal_receive_lsn() restarts at the segment start when the WAL receiver restarts.
    const r = standbyReading('n1', { host: '127.0.0.1', port: 5432 }, { receiveLsn: '0/3000000', replayLsn: '0/301A948' });
    const ranked = candidateOf(up('127.0.0.1:5433', r), primaryReading());
    expect(ranked?.receiveLsn).toBe('0/301A948');
    const text = walHeldText({ receive_lsn: '0/3000000', replay_lsn: '0/301A948' });
    expect(text).toBe('has WAL up to 0/301A948 (received 0/3000000, replayed 0/301A948)');
    expect(text).toContain(`up to ${ranked?.receiveLsn}`);
  });
});

describe('failover plan: time behind on an idle cluster', () => {
  const at = { host: '127.0.0.1', port: 5432 };
  it('a few records left to replay are not lag, whatever the age of the last commit (a trial saw 596.9 s block a 0 B failover)', () => {
    // Idle for an hour; 0x1E0 bytes (a checkpoint record) received and not yet replayed.
    const r = standbyReading('n2', at, { receiveLsn: '0/3053000', replayLsn: '0/3052E20' });
    expect(candidateOf(up('127.0.0.1:5433', r), primaryReading())?.replayLagMs).toBe(0);
  });

  it('a real backlog is timed by the age of the last replayed commit', () => {
    const r = standbyReading('n2', at, { receiveLsn: '0/5000000', replayLsn: '0/3000000' });
    expect(candidateOf(up('127.0.0.1:5433', r), primaryReading())?.replayLagMs).toBe(3_600_000);
  });
});
