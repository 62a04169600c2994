import { describe, expect, it } from 'vitest';
import { formatGtid, gtidDistance, laterPerDomain, parseGtidList, seqByDomain, type Gtid } from '../../../../electron/drivers/mariadb/gtid';

const list = (text: string): Gtid[] => {
  const r = parseGtidList(text);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};

describe('GTID positions', () => {
  it('parses a multi-domain position and prints it back', () => {
    const g = list('0-1-100, 1-2-7');
    expect(g).toEqual([
      { domain: 0, server: 1, seq: 100n },
      { domain: 1, server: 2, seq: 7n },
    ]);
    expect(g.map(formatGtid).join(',')).toBe('0-1-100,1-2-7');
  });

  it('keeps 64-bit sequences exact', () => {
    expect(list('0-1-18446744073709551615')[0]?.seq).toBe(18446744073709551615n);
  });

  it('reads an empty position as no GTIDs', () => {
    expect(list('')).toEqual([]);
    expect(list('  ')).toEqual([]);
  });

  it.each(['0-1', '0-1-x', 'a-b-c', '0-1-2,', '-1-2-3', '4294967296-1-1'])('refuses %j with a clear error', (text) => {
    const r = parseGtidList(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe('invalid-gtid');
  });

  it('takes the highest sequence per domain of a binlog state', () => {
    expect(seqByDomain(list('0-1-10,0-2-12,1-3-4'))).toEqual(new Map([[0, 12n], [1, 4n]]));
  });
});

describe('GTID distance', () => {
  it('counts transactions behind per domain of the source', () => {
    expect(gtidDistance(list('0-1-105,1-2-40'), list('0-1-100,1-2-40'))).toEqual({ total: 5, perDomain: { '0': 5, '1': 0 } });
  });

  it('counts a domain the replica never saw from 0', () => {
    expect(gtidDistance(list('0-1-3,7-9-2'), list('0-1-3'))).toEqual({ total: 2, perDomain: { '0': 0, '7': 2 } });
  });

  it('is 0, never negative, when the replica was read after the source moved on', () => {
    expect(gtidDistance(list('0-1-10'), list('0-1-12'))).toEqual({ total: 0, perDomain: { '0': 0 } });
  });

  it('is empty for a source with no GTIDs', () => {
    expect(gtidDistance([], list('0-1-12'))).toEqual({ total: 0, perDomain: {} });
  });

  it('merges two positions by the later sequence per domain', () => {
    expect(laterPerDomain(list('0-1-5,1-2-9'), list('0-3-7')).map(formatGtid)).toEqual(['0-3-7', '1-2-9']);
  });
});
