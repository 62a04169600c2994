import type { RaftEntry } from './log';

/** Raft RPCs (Figure 2 of the paper, plus InstallSnapshot and TimeoutNow), as one-way messages. */
export type RaftMessage =
  | { type: 'vote'; term: number; lastLogIndex: number; lastLogTerm: number }
  | { type: 'vote-reply'; term: number; granted: boolean }
  | { type: 'append'; term: number; prevLogIndex: number; prevLogTerm: number; entries: RaftEntry[]; leaderCommit: number }
  | { type: 'append-reply'; term: number; success: boolean; matchIndex: number; conflictIndex: number }
  | {
      type: 'snapshot';
      term: number;
      lastIncludedIndex: number;
      lastIncludedTerm: number;
      lastIncludedEndByte: number;
      state: [string, unknown][];
    }
  | { type: 'snapshot-reply'; term: number; matchIndex: number }
  | { type: 'timeout-now'; term: number };

/** Bytes a message takes on the wire (a header plus entries or snapshot data). */
export function messageBytes(m: RaftMessage): number {
  if (m.type === 'append' && m.entries.length > 0) {
    const first = m.entries[0]!;
    const last = m.entries.at(-1)!;
    return 64 + (last.endByte - first.endByte) + 96;
  }
  if (m.type === 'snapshot') return 64 + m.state.length * 96;
  return 64;
}
