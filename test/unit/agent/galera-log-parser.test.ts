import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GaleraLogParser } from '../../../agent/mariadb/galera-log-parser';
import { GaleraConflictRecordSchema, type GaleraConflictRecord } from '../../../shared/engines/galera-conflict';

/** Raw bytes of MariaDB 10.11.19 + galera-4 4.23 error logs (see test/fixtures/galera/README.md). */
const fixture = (name: string) => readFileSync(path.join(__dirname, '../../fixtures/galera', name));

function parse(text: string | Buffer, p = new GaleraLogParser()): GaleraConflictRecord[] {
  const lines = text.toString('utf8').split('\n');
  const out = lines.flatMap((l) => p.feed(l));
  return [...out, ...p.flush()];
}

describe('Galera error-log parser (recorded logs)', () => {
  it('BF abort of an idle transaction: the winner\'s query without the bytes past its end, the victim between statements', () => {
    const p = new GaleraLogParser();
    const [r, ...rest] = parse(fixture('bf-idle-g1.log'), p);
    expect(rest).toEqual([]);
    expect(GaleraConflictRecordSchema.parse(r)).toEqual(r);
    expect(r).toEqual({
      kind: 'brute-force-abort',
      loggedAt: '2026-12-07 14:18:01',
      winner: { thread: 6, mode: 'high priority', state: 'exec', conflict: 'executing', seqno: 7, query: 'UPDATE rd.t SET v = v + 100 WHERE id = 1', queryCut: true },
      victim: { thread: 12, mode: 'local', state: 'idle', conflict: 'executing', seqno: null, query: null, queryCut: false },
      table: null,
      key: null,
      ignoredLines: 0,
    });
    expect(p.ignoredLines).toBe(0);
  });

  it('BF abort of a running statement: the victim\'s query as logged', () => {
    const [r] = parse(fixture('bf-exec-g1.log'));
    expect(r?.victim).toMatchObject({ thread: 12, state: 'exec', query: "UPDATE rd.t SET note = 'slow on g1' WHERE id = 3 AND SLEEP(3) = 0", queryCut: false });
    expect(r?.winner?.seqno).toBe(8);
  });

  it('concurrent commits: one record per block, the victim certifying its COMMIT; "Aborted connection" noise ignored', () => {
    const p = new GaleraLogParser();
    const rs = parse(fixture('cert-g2.log'), p);
    expect(rs).toHaveLength(4);
    expect(rs.map((r) => r.winner?.query)).toEqual([0, 1, 2, 5].map((i) => `UPDATE rd.t SET v = v + 1 WHERE id = 2 /* a${i} */`));
    expect(rs.map((r) => r.victim.query)).toEqual(['COMMIT', null, 'COMMIT', 'COMMIT']);
    expect(p.ignoredLines).toBe(0);
  });

  it('cert.log_conflicts=YES: the losing node gets a certification record with the key; the other nodes\' copies are not theirs', () => {
    const rs = parse(fixture('certlog-g2.log'));
    const cert = rs.filter((r) => r.kind === 'certification-failure');
    expect(cert).toHaveLength(6);
    expect(cert[0]).toMatchObject({ key: '(2,FLAT8)866807a3 303bd5fd', victim: { thread: 12, seqno: 21 }, winner: { thread: null, seqno: 20 } });
    expect(rs.filter((r) => r.kind === 'brute-force-abort')).toHaveLength(5);
    const p = new GaleraLogParser();
    expect(parse(fixture('certlog-g1.log'), p)).toEqual([]);
    expect(p.ignoredLines).toBe(0);
  });

  it('a garbled or cut line inside a block is counted and skipped; a block cut off before its victim is counted; nothing throws', () => {
    const lines = fixture('bf-exec-g1.log').toString('utf8').split('\n');
    const thdWinner = lines.findIndex((l) => l.includes('mode: high priority'));
    lines[thdWinner] = '   THD: 2, mo\u0000de: high pr';
    const p = new GaleraLogParser();
    const [r] = parse(lines.join('\n'), p);
    expect(r?.victim.query).toMatch(/slow on g1/);
    expect(r?.ignoredLines).toBe(2); // the garbled THD line, and its SQL line with no thread to belong to
    expect(p.ignoredLines).toBe(2);
    // A cut line (the tail's length cap) and a block that ends before its victim.
    const q = new GaleraLogParser();
    expect(q.feed('2026-12-07 14:18:02 2 [Note] WSREP: cluster conflict due to high priority abort for threads:')).toEqual([]);
    expect(q.feed('2026-12-07 14:18:02 2 [Note] WSREP: Winning thread: ')).toEqual([]);
    expect(q.feed('   THD: 2, mode: high priority, state: exec, conflict: exec', true)).toEqual([]);
    expect(q.feed('2026-12-07 14:18:02 2 [Note] WSREP: context: x')).toEqual([]);
    expect(q.ignoredLines).toBe(2);
    const junk = ['', '\u0000\u0001', 'x'.repeat(10_000), '   SQL: NULL', '2026-12-07 14:18:02 6 [Note] WSREP: UP-UP trx conflict for key (2,FL'];
    const z = new GaleraLogParser();
    expect(() => junk.forEach((l) => z.feed(l, l.length > 8192))).not.toThrow();
    expect(z.flush()).toEqual([]);
    expect(z.ignoredLines).toBe(1);
  });
});

describe('Galera error-log parser: MDL line', () => {
  it("names the victim's table from its MDL conflict line (same thread id), and cuts at U+FFFD", () => {
    const [r] = parse(fixture('mdl-g2.log'));
    // The byte past the query's end was a printable 'o' here: the cut is at the first non-printable one, so it stays.
    expect(r).toMatchObject({ table: 'rd.t', victim: { thread: 11, query: 'COMMIT' }, winner: { query: 'UPDATE rd.t SET v = v + 1 WHERE id = 2 /* a0 */o', queryCut: true } });
  });
});
