import { formatLsn } from '../common/position';
import type { ConnectCheck as FollowCheck } from '../common/stream';
import type { PrNode } from './node';


/**
 * Can `replica` stream from `upstream` from where it stands? Like a standby
 * connecting: its last WAL record must exist upstream (same history). A
 * replica ahead of a cascading upstream waits; one with history the upstream
 * never had has diverged and must be rejoined (rewound).
 */
export function checkFollow(upstream: PrNode, replica: PrNode): FollowCheck {
  const at = replica.pipeline.writePos;
  const mine = replica.wal.entryEndingAt(at);
  if (at < upstream.wal.basePos) {
    return {
      ok: false,
      wait: false,
      reason: `${upstream.id} has already recycled the WAL ${replica.id} needs (${formatLsn(at)}); rejoin ${replica.id} to take a new copy`,
    };
  }
  if (at <= upstream.wal.endPos) {
    const theirs = upstream.wal.entryEndingAt(at);
    if (theirs && mine && theirs.id === mine.id) return { ok: true };
    if (!mine && (theirs || at === upstream.wal.basePos)) return { ok: true };
    return diverged(upstream, replica);
  }
  const upLast = upstream.wal.last();
  const sharesHistory = upLast ? replica.wal.entryEndingAt(upLast.endPos)?.id === upLast.id : true;
  if (sharesHistory && upstream.role === 'replica') {
    return { ok: false, wait: true, reason: `${replica.id} is ahead of ${upstream.id}; waiting for it to catch up` };
  }
  return diverged(upstream, replica);
}

function diverged(upstream: PrNode, replica: PrNode): FollowCheck {
  return {
    ok: false,
    wait: false,
    reason:
      `${replica.id} has WAL that ${upstream.id} does not have (timeline ${upstream.timeline} forked earlier): ` +
      `rejoin ${replica.id} to rewind it`,
  };
}
