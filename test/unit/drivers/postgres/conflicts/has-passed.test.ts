import { describe, expect, it } from 'vitest';
import { hasPassed, retryingNote } from '../../../../../electron/drivers/postgres/conflicts/inspect';
import { isRetrying, isStopped, STOP_SETTLE_MS, stopIsCounted, watchSubscription, type SubscriptionRow } from '../../../../../electron/drivers/postgres/conflicts/subscriptions';

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

describe('counting a stop only once its apply_error_count caught up', () => {
  it('waits while the disable is committed but the count is still the old one, and counts the climb', () => {
    const enabled = watchSubscription(undefined, sub({ applyErrors: 1 }), 0);
    expect(enabled.watch.disabledAt).toBeNull();
    // The worker committed the disable; its count is not flushed yet.
    const early = watchSubscription(enabled.watch, sub({ enabled: false, applyErrors: 1 }), 100);
    expect(early.climbed).toBe(false);
    expect(stopIsCounted(early.watch, early.climbed, 100)).toBe(false);
    const flushed = watchSubscription(early.watch, sub({ enabled: false, applyErrors: 2 }), 200);
    expect(flushed.climbed).toBe(true);
    expect(stopIsCounted(flushed.watch, flushed.climbed, 200)).toBe(true);
  });

  it('counts a stop older than the monitor once its count stayed put for STOP_SETTLE_MS', () => {
    const first = watchSubscription(undefined, sub({ enabled: false, applyErrors: 3 }), 5_000);
    expect(stopIsCounted(first.watch, first.climbed, 5_000)).toBe(false);
    const later = watchSubscription(first.watch, sub({ enabled: false, applyErrors: 3 }), 5_000 + STOP_SETTLE_MS - 1);
    expect(stopIsCounted(later.watch, later.climbed, 5_000 + STOP_SETTLE_MS - 1)).toBe(false);
    const settled = watchSubscription(later.watch, sub({ enabled: false, applyErrors: 3 }), 5_000 + STOP_SETTLE_MS);
    expect(settled.watch.disabledAt).toBe(5_000);
    expect(stopIsCounted(settled.watch, settled.climbed, 5_000 + STOP_SETTLE_MS)).toBe(true);
    // Enabled again: the clock starts over at the next stop.
    const again = watchSubscription(settled.watch, sub({ applyErrors: 3 }), 9_000);
    expect(again.watch.disabledAt).toBeNull();
  });
});
