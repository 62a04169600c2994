import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../agent/server/rate-limit';
import { tokensEqual } from '../../../agent/server/token';
import { closeReason, errorFrame } from '../../../agent/server/frames';
import { fail } from '../../../shared/result';

describe('agent server pieces', () => {
  it('rate limiter allows a burst, then the sustained rate', () => {
    let t = 0;
    const r = new RateLimiter(10, 5, () => t);
    expect(Array.from({ length: 6 }, () => r.take())).toEqual([true, true, true, true, true, false]);
    t += 100; // one token back at 10/s
    expect(r.take()).toBe(true);
    expect(r.take()).toBe(false);
  });

  it('compares tokens of any length without throwing', () => {
    expect(tokensEqual('abc', 'abc')).toBe(true);
    expect(tokensEqual('abc', 'abcd')).toBe(false);
    expect(tokensEqual('', 'abc')).toBe(false);
  });

  it('keeps close reasons within 123 bytes, even with multi-byte text', () => {
    expect(Buffer.byteLength(closeReason('é'.repeat(200)))).toBeLessThanOrEqual(123);
  });

  it('an error frame names the first failing field', () => {
    const f = errorFrame(fail('invalid-payload', 'bad', [{ path: 'intervalMs', message: 'too small' }]), 'c1');
    expect(f).toEqual({ v: 1, type: 'error', code: 'invalid-payload', reason: 'bad', field: 'intervalMs', issues: [{ path: 'intervalMs', message: 'too small' }], id: 'c1' });
    expect(errorFrame(fail('node-down', 'gone')).field).toBeNull();
  });
});
