import { assertNever } from '../../../shared/result';
import { advanceCommit, becomeLeader, replicateTo } from './leader';
import type { RaftMessage } from './messages';
import type { RaftNode } from './node';

/** Handles one incoming message, following the rules of Figure 2 of the Raft paper. */
export function handleMessage(node: RaftNode, from: string, msg: RaftMessage): void {
  if (!node.alive) return;
  node.observeTerm(msg.term);
  switch (msg.type) {
    case 'vote':
      return onVote(node, from, msg);
    case 'vote-reply':
      if (node.role === 'candidate' && msg.term === node.currentTerm && msg.granted) {
        node.votes.add(from);
        if (node.votes.size >= node.majority) becomeLeader(node);
      }
      return;
    case 'append':
      return onAppend(node, from, msg);
    case 'append-reply':
      return onAppendReply(node, from, msg);
    case 'snapshot':
      return onSnapshot(node, from, msg);
    case 'snapshot-reply':
      if (node.role !== 'leader' || msg.term !== node.currentTerm) return;
      node.inflight.delete(from);
      node.matchIndex.set(from, Math.max(node.matchIndex.get(from) ?? 0, msg.matchIndex));
      node.nextIndex.set(from, (node.matchIndex.get(from) ?? 0) + 1);
      return advanceCommit(node);
    case 'timeout-now':
      // Leadership transfer: the leader brought us up to date; campaign now.
      if (msg.term === node.currentTerm && node.role === 'follower') node.startElection();
      return;
    default:
      return assertNever(msg, 'raft message');
  }
}

/** RequestVote: grant if the term is current, we have not voted for someone else, and the candidate's log is up to date (§5.4.1). */
function onVote(node: RaftNode, from: string, msg: Extract<RaftMessage, { type: 'vote' }>): void {
  const upToDate =
    msg.lastLogTerm > node.log.lastTerm || (msg.lastLogTerm === node.log.lastTerm && msg.lastLogIndex >= node.log.lastIndex);
  const granted = msg.term === node.currentTerm && (node.votedFor === null || node.votedFor === from) && upToDate;
  if (granted) {
    node.votedFor = from;
    node.resetElectionTimer();
  }
  node.send(from, { type: 'vote-reply', term: node.currentTerm, granted });
}

/** Hearing from the current term's leader: follow it and restart the election timer. */
function heardFromLeader(node: RaftNode, leaderId: string): void {
  if (node.role !== 'follower' || node.leaderId !== leaderId) node.becomeFollower(leaderId);
  else node.resetElectionTimer();
  node.lastContactAt = node.env.sched.now();
}

/** AppendEntries: consistency check on (prevLogIndex, prevLogTerm), drop a conflicting suffix, append, learn the commit index. */
function onAppend(node: RaftNode, from: string, msg: Extract<RaftMessage, { type: 'append' }>): void {
  const reply = (success: boolean, matchIndex: number, conflictIndex: number) =>
    node.send(from, { type: 'append-reply', term: node.currentTerm, success, matchIndex, conflictIndex });
  if (msg.term < node.currentTerm) return reply(false, 0, 0);
  heardFromLeader(node, from);
  const { log } = node;
  if (msg.prevLogIndex > log.lastIndex) return reply(false, 0, log.lastIndex + 1);
  if (msg.prevLogIndex >= log.snapshotIndex && log.termAt(msg.prevLogIndex) !== msg.prevLogTerm) {
    return reply(false, 0, log.firstIndexOfTerm(msg.prevLogIndex));
  }
  for (const e of msg.entries) {
    if (e.index <= log.snapshotIndex) continue; // already committed and snapshotted
    const mine = log.termAt(e.index);
    if (mine === e.term) continue;
    if (mine !== undefined) log.truncateFrom(e.index);
    log.append(e);
  }
  const lastNew = msg.prevLogIndex + msg.entries.length;
  if (msg.leaderCommit > node.commitIndex) {
    node.commitIndex = Math.max(node.commitIndex, Math.min(msg.leaderCommit, lastNew));
    node.applyCommitted();
  }
  reply(true, lastNew, 0);
}

function onAppendReply(node: RaftNode, from: string, msg: Extract<RaftMessage, { type: 'append-reply' }>): void {
  if (node.role !== 'leader' || msg.term !== node.currentTerm) return;
  node.inflight.delete(from);
  const match = node.matchIndex.get(from) ?? 0;
  if (msg.success) {
    node.matchIndex.set(from, Math.max(match, msg.matchIndex));
    node.nextIndex.set(from, Math.max(node.nextIndex.get(from) ?? 1, msg.matchIndex + 1));
    advanceCommit(node);
    if (node.transfer?.to === from && (node.matchIndex.get(from) ?? 0) >= node.log.lastIndex) {
      node.send(from, { type: 'timeout-now', term: node.currentTerm });
    } else if ((node.nextIndex.get(from) ?? 1) <= node.log.lastIndex) {
      replicateTo(node, from);
    }
    return;
  }
  const next = Math.min((node.nextIndex.get(from) ?? 1) - 1, msg.conflictIndex || Infinity);
  node.nextIndex.set(from, Math.max(match + 1, next, 1));
  replicateTo(node, from);
}

/** InstallSnapshot: adopt a leader's snapshot when we lack the entries it covers. */
function onSnapshot(node: RaftNode, from: string, msg: Extract<RaftMessage, { type: 'snapshot' }>): void {
  if (msg.term < node.currentTerm) {
    return node.send(from, { type: 'snapshot-reply', term: node.currentTerm, matchIndex: 0 });
  }
  heardFromLeader(node, from);
  if (msg.lastIncludedIndex > node.log.snapshotIndex) {
    const state = new Map(msg.state);
    node.log.install(msg.lastIncludedIndex, msg.lastIncludedTerm, msg.lastIncludedEndByte, state);
    if (msg.lastIncludedIndex > node.lastApplied) {
      node.state = new Map(state);
      node.lastApplied = msg.lastIncludedIndex;
    }
    node.commitIndex = Math.max(node.commitIndex, msg.lastIncludedIndex);
    node.applyCommitted();
  }
  node.send(from, { type: 'snapshot-reply', term: node.currentTerm, matchIndex: msg.lastIncludedIndex });
}
