import type { Rng } from '../sim/rng';
import type { Scheduler, TimerHandle } from '../sim/scheduler';
import { RaftLog, type RaftEntry } from './log';
import type { RaftMessage } from './messages';

export type RaftRole = 'follower' | 'candidate' | 'leader';

export interface RaftTimings {
  electionMinMs: number;
  electionMaxMs: number;
  heartbeatMs: number;
  /** Entries per AppendEntries message. */
  maxBatch: number;
  /** Compact the log into a snapshot once it holds more entries than this. */
  snapshotAfter: number;
}

/** What a member needs from its surroundings. */
export interface RaftEnv {
  sched: Scheduler;
  rng: Rng;
  timings: RaftTimings;
  members: readonly string[];
  send(from: string, to: string, msg: RaftMessage): void;
  onLeader(node: RaftNode): void;
  onApply(node: RaftNode, entry: RaftEntry): void;
  newEntryId(): number;
}

/**
 * The state of one Raft member. Persistent state (currentTerm, votedFor,
 * log) survives a crash; everything else is volatile and rebuilt on restart.
 * Message handling lives in rpc.ts, leader duties in leader.ts.
 */
export class RaftNode {
  // Persistent.
  currentTerm = 0;
  votedFor: string | null = null;
  readonly log = new RaftLog();
  // Volatile.
  alive = true;
  role: RaftRole = 'follower';
  leaderId: string | null = null;
  commitIndex = 0;
  lastApplied = 0;
  state = new Map<string, unknown>();
  lastContactAt: number | null = null;
  startedAt: number;
  votes = new Set<string>();
  // Leader only.
  nextIndex = new Map<string, number>();
  matchIndex = new Map<string, number>();
  /** When the unanswered AppendEntries/InstallSnapshot to each peer was sent (flow control). */
  inflight = new Map<string, number>();
  transfer: { to: string; deadline: number } | null = null;
  heartbeatTimer: TimerHandle | null = null;
  flushTimer: TimerHandle | null = null;
  private electionTimer: TimerHandle | null = null;

  constructor(
    readonly id: string,
    readonly env: RaftEnv,
  ) {
    this.startedAt = env.sched.now();
  }

  get peers(): string[] {
    return this.env.members.filter((m) => m !== this.id);
  }

  get majority(): number {
    return Math.floor(this.env.members.length / 2) + 1;
  }

  send(to: string, msg: RaftMessage): void {
    this.env.send(this.id, to, msg);
  }

  /** A randomised election timeout, restarted whenever a leader or a granted vote is heard. */
  resetElectionTimer(): void {
    this.electionTimer?.cancel();
    const { electionMinMs, electionMaxMs } = this.env.timings;
    const ms = electionMinMs + this.env.rng.next() * (electionMaxMs - electionMinMs);
    this.electionTimer = this.env.sched.after(ms, () => this.startElection());
  }

  /** Any message with a newer term: adopt it and follow. */
  observeTerm(term: number): void {
    if (term <= this.currentTerm) return;
    this.currentTerm = term;
    this.votedFor = null;
    this.becomeFollower(null);
  }

  becomeFollower(leaderId: string | null): void {
    if (this.role === 'leader') {
      this.heartbeatTimer?.cancel();
      this.heartbeatTimer = null;
      this.transfer = null;
    }
    this.role = 'follower';
    this.leaderId = leaderId;
    this.resetElectionTimer();
  }

  startElection(): void {
    if (!this.alive || this.role === 'leader') return;
    this.currentTerm++;
    this.role = 'candidate';
    this.votedFor = this.id;
    this.leaderId = null;
    this.votes = new Set([this.id]);
    this.resetElectionTimer();
    const msg: RaftMessage = { type: 'vote', term: this.currentTerm, lastLogIndex: this.log.lastIndex, lastLogTerm: this.log.lastTerm };
    for (const peer of this.peers) this.send(peer, msg);
  }

  /** Applies committed entries in order, then snapshots a long log. */
  applyCommitted(): void {
    while (this.lastApplied < this.commitIndex) {
      const e = this.log.entry(this.lastApplied + 1);
      if (!e) break;
      this.lastApplied = e.index;
      if (e.key !== null) {
        if (e.value === null) this.state.delete(e.key);
        else this.state.set(e.key, e.value);
      }
      this.env.onApply(this, e);
    }
    if (this.log.length > this.env.timings.snapshotAfter) this.log.compact(this.lastApplied, this.state);
  }

  crash(): void {
    this.alive = false;
    this.stopTimers();
  }

  stopTimers(): void {
    this.electionTimer?.cancel();
    this.heartbeatTimer?.cancel();
    this.heartbeatTimer = null;
    this.flushTimer?.cancel();
    this.flushTimer = null;
  }

  /** Restart: volatile state is rebuilt from the snapshot; the log is replayed as commits are learned. */
  restart(): void {
    this.alive = true;
    this.startedAt = this.env.sched.now();
    this.role = 'follower';
    this.leaderId = null;
    this.commitIndex = this.lastApplied = this.log.snapshotIndex;
    this.state = new Map(this.log.snapshotState);
    this.lastContactAt = null;
    this.votes = new Set();
    this.transfer = null;
    this.resetElectionTimer();
  }
}
