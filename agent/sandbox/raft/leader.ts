import { encodedSize } from '../common/position';
import type { RaftEntry } from './log';
import type { RaftNode } from './node';

const NOOP_BYTES = 16;

/** Won the election: init nextIndex/matchIndex, append a no-op of the new term, heartbeat. */
export function becomeLeader(node: RaftNode): void {
  node.role = 'leader';
  node.leaderId = node.id;
  node.transfer = null;
  node.inflight.clear();
  for (const peer of node.peers) {
    node.nextIndex.set(peer, node.log.lastIndex + 1);
    node.matchIndex.set(peer, 0);
  }
  // A no-op of the current term lets entries of earlier terms commit (§5.4.2, §8).
  append(node, null, null, NOOP_BYTES);
  node.env.onLeader(node);
  heartbeat(node);
}

function heartbeat(node: RaftNode): void {
  if (!node.alive || node.role !== 'leader') return;
  if (node.transfer && node.env.sched.now() > node.transfer.deadline) node.transfer = null;
  for (const peer of node.peers) replicateTo(node, peer);
  node.heartbeatTimer?.cancel();
  node.heartbeatTimer = node.env.sched.after(node.env.timings.heartbeatMs, () => heartbeat(node));
}

/**
 * Sends `peer` what it is missing from nextIndex on (or the snapshot, if the
 * log no longer has it). One message at a time per peer: the next goes when
 * the reply comes, or after a heartbeat interval if it was lost.
 */
export function replicateTo(node: RaftNode, peer: string): void {
  const { log } = node;
  const now = node.env.sched.now();
  const sentAt = node.inflight.get(peer);
  if (sentAt !== undefined && now - sentAt < node.env.timings.heartbeatMs) return;
  node.inflight.set(peer, now);
  const next = node.nextIndex.get(peer) ?? log.lastIndex + 1;
  if (next <= log.snapshotIndex) {
    node.send(peer, {
      type: 'snapshot',
      term: node.currentTerm,
      lastIncludedIndex: log.snapshotIndex,
      lastIncludedTerm: log.snapshotTerm,
      lastIncludedEndByte: log.snapshotEndByte,
      state: [...log.snapshotState],
    });
    return;
  }
  const prevLogIndex = next - 1;
  node.send(peer, {
    type: 'append',
    term: node.currentTerm,
    prevLogIndex,
    prevLogTerm: log.termAt(prevLogIndex) ?? 0,
    entries: log.slice(next, node.env.timings.maxBatch),
    leaderCommit: node.commitIndex,
  });
}

/** Commit the highest index of the current term stored on a majority (§5.3, §5.4.2). */
export function advanceCommit(node: RaftNode): void {
  for (let n = node.log.lastIndex; n > node.commitIndex; n--) {
    if (node.log.termAt(n) !== node.currentTerm) break;
    const stored = 1 + node.peers.filter((p) => (node.matchIndex.get(p) ?? 0) >= n).length;
    if (stored >= node.majority) {
      node.commitIndex = n;
      node.applyCommitted();
      return;
    }
  }
}

function append(node: RaftNode, key: string | null, value: unknown, bytes: number): RaftEntry {
  const entry: RaftEntry = {
    index: node.log.lastIndex + 1,
    term: node.currentTerm,
    id: node.env.newEntryId(),
    key,
    value,
    createdAt: Math.round(node.env.sched.now()),
    endByte: node.log.endByteAt(node.log.lastIndex) + bytes,
  };
  node.log.append(entry);
  advanceCommit(node); // a group of one commits at once
  return entry;
}

/** A client write on the leader: append, then replicate within a millisecond (writes arriving together share messages). */
export function propose(node: RaftNode, key: string, value: unknown): RaftEntry {
  const entry = append(node, key, value, encodedSize(key, value));
  if (!node.flushTimer) {
    node.flushTimer = node.env.sched.after(1, () => {
      node.flushTimer = null;
      if (node.alive && node.role === 'leader') for (const peer of node.peers) replicateTo(node, peer);
    });
  }
  return entry;
}

/** TimeoutNow-style transfer (Raft thesis §3.10): catch `to` up, then tell it to campaign. */
export function startTransfer(node: RaftNode, to: string): void {
  node.transfer = { to, deadline: node.env.sched.now() + node.env.timings.electionMaxMs * 2 };
  if ((node.matchIndex.get(to) ?? 0) >= node.log.lastIndex) node.send(to, { type: 'timeout-now', term: node.currentTerm });
  else replicateTo(node, to);
}
