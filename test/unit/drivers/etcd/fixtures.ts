import type { MemberView } from '../../../../electron/drivers/etcd/member-reading';
import { StatusReplySchema, WireMemberSchema, type StatusReply } from '../../../../electron/drivers/etcd/wire';
import { fail } from '../../../../shared/result';

/** Ids above 2^53, as etcd makes them: Number() would corrupt them. */
export const A = '17517797350143861598';
export const B = '10462812029664028010';
export const C = '3838784510625470178';

export function status(over: Partial<Record<string, unknown>> & { member: string }): StatusReply {
  const { member, ...rest } = over;
  return StatusReplySchema.parse({
    header: { cluster_id: '8741569057126428401', member_id: member, revision: '1', raft_term: '2' },
    version: '3.4.23',
    dbSize: '20480',
    leader: A,
    raftIndex: '8',
    raftTerm: '2',
    raftAppliedIndex: '8',
    ...rest,
  });
}

export function readView(id: string, name: string, s: StatusReply, at = 1_000): MemberView {
  return {
    member: WireMemberSchema.parse({ ID: id, name, clientURLs: [`http://127.0.0.1:${name.length}2379`] }),
    reading: { kind: 'read', status: s, at },
    lastStatus: { status: s, at },
  };
}

export function failedView(id: string, name: string, last: StatusReply | null, since = 900): MemberView {
  return {
    member: WireMemberSchema.parse({ ID: id, name, clientURLs: ['http://127.0.0.1:1'] }),
    reading: { kind: 'failed', failure: fail('connection-refused', `nothing accepts connections on ${name}`), since },
    lastStatus: last ? { status: last, at: 800 } : null,
  };
}
