import { fail, ok, type Result } from '../../../shared/result';
import type { EndpointConnection } from './endpoint-connection';
import { electedLeader } from './build-sample';
import type { MemberView } from './member-reading';
import { memberHex, type WireMember } from './wire';

export interface TransferDeps {
  connOf(m: WireMember): EndpointConnection | null;
  signal: AbortSignal;
  timeoutMs: number;
}

/** Checks the target against fresh readings; returns why the transfer cannot run, or null. */
export function transferBlocker(views: readonly MemberView[], toMemberId: string): { code: string; reason: string } | null {
  if (!/^\d+$/.test(toMemberId)) return { code: 'invalid-target', reason: `"${toMemberId}" is not an etcd member id (a decimal uint64)` };
  const target = views.find((v) => v.member.ID === toMemberId);
  if (!target) return { code: 'invalid-target', reason: `member ${toMemberId} is not in the member list` };
  const name = target.member.name || memberHex(toMemberId);
  if (target.member.isLearner) return { code: 'invalid-target', reason: `${name} is a learner: it cannot lead until it is promoted to a voting member` };
  if (target.reading.kind !== 'read') return { code: 'target-unreachable', reason: `${name} cannot be read (${target.reading.failure.reason}): choose a healthy member` };
  const { leaderId } = electedLeader(views);
  if (leaderId === null) return { code: 'no-leader', reason: 'the cluster has no leader right now: wait for the election to finish' };
  if (leaderId === toMemberId) return { code: 'already-leader', reason: `${name} already leads` };
  const leader = views.find((v) => v.member.ID === leaderId);
  if (!leader || leader.reading.kind !== 'read') return { code: 'leader-unreachable', reason: 'the current leader cannot be reached: transfer-leadership must be sent to it' };
  return null;
}

/** Sends /v3/maintenance/transfer-leadership to the current leader, which answers after handing over. */
export async function transferLeadership(views: readonly MemberView[], toMemberId: string, deps: TransferDeps): Promise<Result<string>> {
  const blocker = transferBlocker(views, toMemberId);
  if (blocker) return fail(blocker.code, blocker.reason);
  const { leaderId } = electedLeader(views);
  const leader = views.find((v) => v.member.ID === leaderId);
  const conn = leader ? deps.connOf(leader.member) : null;
  if (!leader || !conn) return fail('leader-unreachable', 'the current leader has no client URL we can use');
  const res = await conn.call('/v3/maintenance/transfer-leadership', { targetID: toMemberId }, deps.signal, deps.timeoutMs);
  if (!res.ok) return res;
  const target = views.find((v) => v.member.ID === toMemberId);
  return ok(`leadership moved from ${leader.member.name || leaderId} to ${target?.member.name || toMemberId}`);
}
