import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareUint64, distanceUint64, memberHex, parseReply, StatusReplySchema, AlarmReplySchema, MemberListReplySchema } from '../../../../electron/drivers/etcd/wire';
import { NotEtcdError } from '../../../../electron/drivers/etcd/errors';

const MAX = '18446744073709551615';

describe('etcd wire replies', () => {
  it('keeps uint64 ids and indexes as exact strings, even above 2^53', () => {
    const s = parseReply(StatusReplySchema, {
      header: { cluster_id: '1', member_id: MAX, raft_term: '9007199254740993' },
      version: '3.4.23',
      leader: MAX,
      raftIndex: '9007199254740993',
      raftTerm: '9007199254740993',
      raftAppliedIndex: '9007199254740992',
      dbSize: '20480',
    }, 'status');
    expect(s.leader).toBe(MAX);
    expect(s.raftIndex).toBe('9007199254740993');
    expect(String(Number(s.raftIndex))).not.toBe(s.raftIndex); // what Number() would have done
  });

  it('defaults fields proto3 JSON leaves out (zero values) to "0"', () => {
    const s = parseReply(StatusReplySchema, { header: {}, version: '3.4.23' }, 'status');
    expect(s).toMatchObject({ leader: '0', raftIndex: '0', raftTerm: '0', raftAppliedIndex: '0', dbSize: '0', errors: [], isLearner: false });
  });

  it('refuses numbers where etcd sends uint64 strings, naming the field', () => {
    expect(() => parseReply(StatusReplySchema, { header: {}, version: '3.4', leader: 12 }, 'status')).toThrow(NotEtcdError);
    expect(() => parseReply(StatusReplySchema, { header: {}, version: '3.4', leader: 12 }, 'status')).toThrow(/leader/);
  });

  it('refuses a reply without etcd fields', () => {
    expect(() => parseReply(StatusReplySchema, { status: 'ok' }, 'status')).toThrow(/header/);
    expect(() => parseReply(MemberListReplySchema, { header: {}, members: [] }, 'member list')).toThrow(/members/);
  });

  it('reads an empty alarm reply as no alarms', () => {
    expect(parseReply(AlarmReplySchema, {}, 'alarm').alarms).toEqual([]);
    expect(parseReply(AlarmReplySchema, { alarms: [{ memberID: MAX, alarm: 'NOSPACE' }] }, 'alarm').alarms).toEqual([{ memberID: MAX, alarm: 'NOSPACE' }]);
  });

  it('compares and subtracts uint64 strings exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (a, b) => {
        expect(compareUint64(a.toString(), b.toString())).toBe(a < b ? -1 : a > b ? 1 : 0);
        expect(distanceUint64(a.toString(), b.toString())).toBe((b > a ? b - a : 0n).toString());
      }),
    );
    expect(compareUint64('9007199254740993', '9007199254740992')).toBe(1);
  });

  it('prints member ids in hex like etcdctl', () => {
    expect(memberHex('17517797350143861598')).toBe('f31bb7e06e9aa35e');
    expect(memberHex(MAX)).toBe('ffffffffffffffff');
  });
});
