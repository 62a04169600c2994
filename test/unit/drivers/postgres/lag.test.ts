import { describe, expect, it } from 'vitest';
import { computeLag } from '../../../../electron/drivers/postgres/lag';
import { lsnDistance, lsnToBigInt, maxLsn } from '../../../../electron/drivers/postgres/lsn';

const sender = (over: Partial<Parameters<typeof computeLag>[0]['sender'] & object> = {}) => ({
  sentLsn: '0/3000000',
  writeLsn: '0/3000000',
  flushLsn: '0/3000000',
  replayLsn: '0/3000000',
  writeLagMs: null,
  flushLagMs: null,
  replayLagMs: null,
  ...over,
});

const standby = (over: Partial<NonNullable<Parameters<typeof computeLag>[0]['standby']>> = {}) => ({
  receiveLsn: '0/3000000',
  replayLsn: '0/3000000',
  lastReplayAtMs: 1_000,
  serverNowMs: 3_601_000,
  ...over,
});

describe('LSN math', () => {
  it('parses hi/lo hex and measures distances, never negative', () => {
    expect(lsnToBigInt('16/B374D848')).toBe(0x16b374d848n);
    expect(lsnDistance('1/0', '0/FFFFFF00')).toBe(256);
    expect(lsnDistance('0/100', '0/200')).toBe(0);
    expect(lsnDistance(null, '0/200')).toBeNull();
    expect(maxLsn('0/A', '0/9')).toBe('0/A');
    expect(maxLsn(null, '0/9')).toBe('0/9');
  });
});

describe('computeLag', () => {
  it('is 0 bytes and 0 ms when caught up, however old the last commit (idle primary)', () => {
    // The last replayed commit is an hour old: now() - pg_last_xact_replay_timestamp() would say 3600 s.
    const lag = computeLag({ upstreamLsn: '0/3000000', sender: sender({ replayLagMs: 850 }), standby: standby(), measuredAt: 42 });
    expect(lag.bytes).toEqual({ sent: 0, write: 0, flush: 0, replay: 0 });
    expect(lag.ms).toEqual({ write: 0, flush: 0, replay: 0 });
    expect(lag.measuredAt).toBe(42);
    expect(lag.source).toMatch(/time 0/);
  });

  it('uses the measured intervals when behind', () => {
    const lag = computeLag({
      upstreamLsn: '0/3100000',
      sender: sender({ sentLsn: '0/3100000', writeLsn: '0/3080000', flushLsn: '0/3080000', replayLsn: '0/3000000', writeLagMs: 5, flushLagMs: 6, replayLagMs: 2500 }),
      standby: standby({ receiveLsn: '0/3080000', replayLsn: '0/3000000' }),
      measuredAt: 1,
    });
    expect(lag.bytes).toEqual({ sent: 0, write: 0x80000, flush: 0x80000, replay: 0x100000 });
    expect(lag.ms).toEqual({ write: 5, flush: 6, replay: 2500 });
    expect(lag.source).toMatch(/replay_lag/);
  });

  it('F4: behind with no commit timestamps and no replay_lag (fresh walsender), time is unknown, not the age of the last commit', () => {
    // A switchover on an idle cluster: 48 B behind (the promotion record), last commit 51.4 s old.
    const lag = computeLag({
      upstreamLsn: '0/3000030',
      upstream: { inRecovery: false, lastReplayAtMs: null, lastCommitAtMs: null },
      sender: sender({ replayLsn: '0/3000000' }),
      standby: standby({ receiveLsn: '0/3000030', replayLsn: '0/3000000', lastReplayAtMs: 10_000, serverNowMs: 61_400 }),
      measuredAt: 1,
    });
    expect(lag.bytes.replay).toBe(48);
    expect(lag.ms.replay).toBeNull();
    expect(lag.source).toMatch(/time unknown/);
    // Once the walsender has a replay_lag, that is used.
    const later = computeLag({ upstreamLsn: '0/3000030', sender: sender({ replayLsn: '0/3000000', replayLagMs: 3 }), standby: standby({ replayLsn: '0/3000000', lastReplayAtMs: 10_000, serverNowMs: 61_400 }), measuredAt: 1 });
    expect(later.ms.replay).toBe(3);
  });

  it('F4: while replay is paused, the age of the last replayed commit is still the (upper-bound) time lag', () => {
    const lag = computeLag({
      upstreamLsn: '0/3100000',
      sender: sender({ replayLsn: '0/3000000', replayLagMs: 10_000 }),
      standby: standby({ receiveLsn: '0/3100000', replayLsn: '0/3000000', lastReplayAtMs: 10_000, serverNowMs: 14_000, replayPaused: true }),
      measuredAt: 1,
    });
    expect(lag.ms.replay).toBe(4_000);
    expect(lag.source).toMatch(/paused/);
  });

  it('prefers the standby replay LSN to the walsender one (replies come every 10 s when idle)', () => {
    const lag = computeLag({
      upstreamLsn: '0/3000000',
      sender: sender({ replayLsn: '0/2F00000', replayLagMs: 900 }),
      standby: standby(),
      measuredAt: 1,
    });
    expect(lag.bytes.replay).toBe(0);
    expect(lag.ms.replay).toBe(0);
  });

  it('without a walsender row, measures from the standby positions', () => {
    const lag = computeLag({ upstreamLsn: '0/3000100', sender: null, standby: standby(), measuredAt: 1 });
    expect(lag.bytes).toEqual({ sent: null, write: 0x100, flush: 0x100, replay: 0x100 });
    expect(lag.ms.write).toBeNull();
    // Behind, not paused, no commit timestamps, no walsender: unknown (not the hour since the last commit).
    expect(lag.ms.replay).toBeNull();
  });

  it('F8: with the upstream unread (crashed, hung), time is unknown, never 0, even when everything received is replayed', () => {
    const caughtUp = computeLag({ upstreamLsn: null, sender: null, standby: standby(), measuredAt: 1 });
    expect(caughtUp.ms).toEqual({ write: null, flush: null, replay: null });
    expect(caughtUp.source).toMatch(/upstream not read/);
    const behind = computeLag({
      upstreamLsn: null,
      sender: null,
      standby: standby({ receiveLsn: '0/3000100', lastReplayAtMs: 1_000, serverNowMs: 3_000 }),
      measuredAt: 1,
    });
    expect(behind.bytes.replay).toBeNull();
    expect(behind.ms.replay).toBeNull();
  });

  it('knows nothing when neither end is read', () => {
    const lag = computeLag({ upstreamLsn: null, sender: null, standby: null, measuredAt: 7 });
    expect(lag.bytes).toEqual({ sent: null, write: null, flush: null, replay: null });
    expect(lag.ms).toEqual({ write: null, flush: null, replay: null });
    expect(lag.source).toMatch(/unknown/);
  });
});
