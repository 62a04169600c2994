import { describe, expect, it } from 'vitest';
import { hasPassed, retryingNote } from '../../../../../electron/drivers/postgres/conflicts/inspect';
import { isRetrying, isStopped, type SubscriptionRow } from '../../../../../electron/drivers/postgres/conflicts/subscriptions';

const sub = (over: Partial<SubscriptionRow> = {}): SubscriptionRow => ({
  oid: 16_400,
  name: 'sub_b_from_a',
  enabled: true,
  disableOnError: false,
  skipLsn: null,
  slotName: 'sub_b_from_a',
  publications: ['pub_a'],
  applyErrors: 9,
  workerPid: 4242,
  receivedLsn: '0/1600000',
  retryIntervalMs: 500,
  ...over,
});

describe('apply error states of a PG15 subscription', () => {
  it('tells a stop (disable_on_error) from a retry loop (enabled, apply_error_count climbing)', () => {
    expect(isStopped(sub({ enabled: false, disableOnError: true }))).toBe(true);
    expect(isStopped(sub())).toBe(false);
    expect(isRetrying(sub(), true)).toBe(true);
    // Errors from long ago that no longer climb are not a loop.
    expect(isRetrying(sub(), false)).toBe(false);
    expect(isRetrying(sub({ enabled: false }), true)).toBe(false);
  });

  it('passes a retrying subscription only once its worker is past the LSN and the count has been still for two retry intervals', () => {
    const lsn = '0/152F318';
    expect(hasPassed(sub(), lsn, { climbed: true, quietMs: 0 })).toBe(false);
    expect(hasPassed(sub(), lsn, { climbed: false, quietMs: 999 })).toBe(false);
    expect(hasPassed(sub(), lsn, { climbed: false, quietMs: 1_000 })).toBe(true);
    // A worker caught alive between failures has not received past the failed transaction.
    expect(hasPassed(sub({ receivedLsn: '0/152F000' }), lsn, { climbed: false, quietMs: 60_000 })).toBe(false);
    expect(hasPassed(sub({ workerPid: null }), lsn, { climbed: false, quietMs: 60_000 })).toBe(false);
  });

  it('passes a disable_on_error subscription as soon as it runs past the LSN (it cannot loop)', () => {
    expect(hasPassed(sub({ disableOnError: true }), '0/152F318', { climbed: false, quietMs: 0 })).toBe(true);
    expect(hasPassed(sub({ disableOnError: true, enabled: false }), '0/152F318', { climbed: false, quietMs: 0 })).toBe(false);
  });

  it('says how to stop the loop, with the quoted name and the interval', () => {
    const note = retryingNote(sub({ name: 'Sub B' }));
    expect(note).toContain('(500 ms here)');
    expect(note).toContain('ALTER SUBSCRIPTION "Sub B" SET (disable_on_error = true)');
  });
});
