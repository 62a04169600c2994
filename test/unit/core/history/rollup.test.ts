import { describe, expect, it } from 'vitest';
import { Roller, type RollupRow } from '../../../../electron/core/history/rollup';
import { point } from './fixtures';

describe('rollups', () => {
  it('emits min, max and mean of each 10 s bucket when the next bucket starts', () => {
    const rows: RollupRow[] = [];
    const r = new Roller(10_000);
    for (const [at, v] of [[1_000, 10], [5_000, 30], [9_999, 20], [10_000, 99]] as const) r.add(7, point(at, v), (row) => rows.push(row));
    expect(rows).toHaveLength(1);
    const [link, start, n, sent, , , write, flush, replay, replayMin, replayMax] = rows[0]!;
    expect({ link, start, n, sent, write, flush, replay, replayMin, replayMax }).toEqual({ link: 7, start: 0, n: 3, sent: 0, write: 0, flush: 0, replay: 20, replayMin: 10, replayMax: 30 });
  });

  it('skips nulls and drains quiet links once their bucket ended', () => {
    const rows: RollupRow[] = [];
    const r = new Roller(60_000);
    r.add(1, { ...point(1_000, 5), replayMs: null }, (row) => rows.push(row));
    r.drain(59_000, (row) => rows.push(row));
    expect(rows).toHaveLength(0);
    r.drain(60_000, (row) => rows.push(row));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.slice(-3)).toEqual([null, null, null]); // replay ms mean, min, max
  });
});
