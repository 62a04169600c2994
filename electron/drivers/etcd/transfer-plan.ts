import { randomBytes } from 'node:crypto';
import type { ActionPlan, ActionStep, PreflightCheck } from '../../../shared/model/action';
import { fail, ok, type Result } from '../../../shared/result';
import { electedLeader } from './build-sample';
import type { MemberView } from './member-reading';
import { transferBlocker } from './transfer-leadership';
import { distanceUint64, memberHex } from './wire';

/** Measured here (3.4.23, loopback, heartbeat 100 ms): the transfer call returns and all members agree in ~140 ms. */
export const TRANSFER_UNAVAILABLE_MS = 200;
/** A target this many entries behind the leader's commit index first has to catch up. */
const BEHIND_WARN_ENTRIES = 1_000n;

export const TRANSFER_STEP = 'transfer';
export const VERIFY_STEP = 'verify';

function step(id: string, title: string, command: string): ActionStep {
  return { id, title, command, state: 'pending', startedAt: null, endedAt: null, detail: null, abortableBefore: true };
}

/**
 * The plan for moving leadership to `toMemberId`: a blocker check from fresh
 * readings, a warning when the target is far behind, then the call and a verification.
 */
export function planTransfer(views: readonly MemberView[], toMemberId: string, clusterId: string, now: number): Result<ActionPlan> {
  const checks: PreflightCheck[] = [];
  const blocker = transferBlocker(views, toMemberId);
  checks.push({ id: 'target-eligible', ok: blocker === null, severity: 'blocker', explanation: blocker?.reason ?? 'the target is a readable voting member and another member leads' });
  const { leaderId } = electedLeader(views);
  const leader = views.find((v) => v.member.ID === leaderId);
  const target = views.find((v) => v.member.ID === toMemberId);
  if (!blocker && leader?.reading.kind === 'read' && target?.reading.kind === 'read') {
    const behind = distanceUint64(target.reading.status.raftAppliedIndex, leader.reading.status.raftIndex);
    const far = BigInt(behind) > BEHIND_WARN_ENTRIES;
    checks.push({
      id: 'target-caught-up',
      ok: !far,
      severity: 'warning',
      explanation: far
        ? `${target.member.name} has applied ${behind} entries fewer than the leader has committed: the handover waits for it to catch up`
        : `${target.member.name} is ${behind} entries behind the leader's commit index`,
    });
  }
  if (blocker && blocker.code === 'invalid-target') return fail(blocker.code, blocker.reason);
  const leaderUrl = leader?.member.clientURLs[0] ?? '(the current leader)';
  const name = (id: string | null | undefined) => views.find((v) => v.member.ID === id)?.member.name || (id ? memberHex(id) : 'none');
  return ok({
    id: `transfer-leadership-${now}-${randomBytes(4).toString('hex')}`,
    clusterId,
    kind: 'transfer-leadership',
    target: toMemberId,
    createdAt: now,
    checks,
    steps: [
      step(TRANSFER_STEP, `Hand leadership from ${name(leaderId)} to ${name(toMemberId)}`, `POST ${leaderUrl}/v3/maintenance/transfer-leadership {"targetID":"${toMemberId}"}`),
      step(VERIFY_STEP, `Check that every reachable member follows ${name(toMemberId)}`, 'POST <each member>/v3/maintenance/status'),
    ],
    expectedDataLossBytes: 0,
    expectedUnavailableMs: TRANSFER_UNAVAILABLE_MS,
  });
}

/** Whether every readable member reports `leaderId` as its leader. */
export function allFollow(views: readonly MemberView[], leaderId: string): boolean {
  const read = views.filter((v) => v.reading.kind === 'read');
  return read.length > 0 && read.every((v) => v.reading.kind === 'read' && v.reading.status.leader === leaderId);
}
