import { describe, expect, it } from 'vitest';
import { formatAgo, formatBytes, formatDuration, formatMs } from '../../../renderer/lib/format';

describe('format', () => {
  it('formats bytes with binary units', () => {
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.50 KB');
    expect(formatBytes(1.2 * 1024 * 1024)).toBe('1.20 MB');
    expect(formatBytes(250 * 1024 ** 3)).toBe('250 GB');
  });

  it('formats durations in ms, s, min', () => {
    expect(formatMs(null)).toBe('—');
    expect(formatMs(350)).toBe('350 ms');
    expect(formatMs(1_234)).toBe('1.23 s');
    expect(formatMs(42_000)).toBe('42.0 s');
    expect(formatMs(125_000)).toBe('2 min 5 s');
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe('3 d 4 h');
  });

  it('formats ages', () => {
    expect(formatAgo(null, 10_000)).toBe('never');
    expect(formatAgo(9_200, 10_000)).toBe('0.8 s ago');
    expect(formatAgo(0, 30_000)).toBe('30 s ago');
    expect(formatAgo(20_000, 10_000)).toBe('0.0 s ago'); // clock skew never shows a negative age
  });
});
