import { indexEndingAfter } from '../common/positions';

/** One Raft log entry. `key: null` is the no-op a new leader appends. `endByte` is the log's size after it. */
export interface RaftEntry {
  readonly index: number;
  readonly term: number;
  readonly id: number;
  readonly key: string | null;
  readonly value: unknown;
  readonly createdAt: number;
  readonly endByte: number;
}

/**
 * A member's persistent log: a snapshot (state up to snapshotIndex, §7 of
 * the Raft paper) followed by entries snapshotIndex+1 … lastIndex.
 */
export class RaftLog {
  snapshotIndex = 0;
  snapshotTerm = 0;
  snapshotEndByte = 0;
  snapshotState = new Map<string, unknown>();
  private entries: RaftEntry[] = [];

  get lastIndex(): number {
    return this.snapshotIndex + this.entries.length;
  }

  get lastTerm(): number {
    return this.entries.at(-1)?.term ?? this.snapshotTerm;
  }

  get length(): number {
    return this.entries.length;
  }

  entry(index: number): RaftEntry | undefined {
    return index > this.snapshotIndex ? this.entries[index - this.snapshotIndex - 1] : undefined;
  }

  /** Term at `index`; undefined when it is past the end or inside the snapshot. */
  termAt(index: number): number | undefined {
    if (index === this.snapshotIndex) return this.snapshotTerm;
    return this.entry(index)?.term;
  }

  endByteAt(index: number): number {
    if (index <= this.snapshotIndex) return this.snapshotEndByte;
    return this.entry(Math.min(index, this.lastIndex))?.endByte ?? this.snapshotEndByte;
  }

  /** Up to `max` entries from `from` on. */
  slice(from: number, max: number): RaftEntry[] {
    const start = Math.max(0, from - this.snapshotIndex - 1);
    return this.entries.slice(start, start + max);
  }

  append(e: RaftEntry): void {
    if (e.index !== this.lastIndex + 1) throw new Error(`log gap: appending ${e.index} after ${this.lastIndex}`);
    this.entries.push(e);
  }

  /** Deletes `index` and everything after it (a conflicting suffix). */
  truncateFrom(index: number): void {
    if (index <= this.snapshotIndex) throw new Error(`cannot truncate committed index ${index}`);
    this.entries.length = Math.max(0, index - this.snapshotIndex - 1);
  }

  /** First index of the term held at `index` (to skip a whole conflicting term at once). */
  firstIndexOfTerm(index: number): number {
    const term = this.termAt(index);
    let i = index;
    while (i - 1 > this.snapshotIndex && this.termAt(i - 1) === term) i--;
    return i;
  }

  /** Snapshots the applied state at `index` and drops the entries it covers. */
  compact(index: number, state: Map<string, unknown>): void {
    const e = this.entry(index);
    if (!e) return;
    this.entries = this.entries.slice(index - this.snapshotIndex);
    this.snapshotIndex = index;
    this.snapshotTerm = e.term;
    this.snapshotEndByte = e.endByte;
    this.snapshotState = new Map(state);
  }

  /** InstallSnapshot: keep the entries after it if the log agrees at its last index, else drop the log. */
  install(index: number, term: number, endByte: number, state: Map<string, unknown>): void {
    const agrees = this.termAt(index) === term && index <= this.lastIndex;
    this.entries = agrees ? this.entries.slice(index - this.snapshotIndex) : [];
    this.snapshotIndex = index;
    this.snapshotTerm = term;
    this.snapshotEndByte = endByte;
    this.snapshotState = new Map(state);
  }

  /** Creation time of the first entry ending after byte `pos`. */
  createdAfterByte(pos: number): number | null {
    return this.entries[indexEndingAfter(this.entries, pos, (e) => e.endByte)]?.createdAt ?? null;
  }
}
