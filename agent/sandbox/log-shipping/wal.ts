import { indexEndingAfter } from '../common/positions';
/** One change in the write-ahead log. Positions are byte offsets; `id` is unique in the sandbox. */
export interface WalEntry {
  readonly id: number;
  readonly timeline: number;
  readonly startPos: number;
  readonly endPos: number;
  readonly committedAt: number;
  readonly key: string;
  readonly value: unknown;
}

/**
 * A node's write-ahead log: a base snapshot (what older, recycled entries
 * added up to) plus the retained entries, contiguous in byte positions.
 */
export class Wal {
  private entries: WalEntry[] = [];

  constructor(
    private basePosition: number,
    private baseData: Map<string, unknown> = new Map(),
  ) {}

  get basePos(): number {
    return this.basePosition;
  }

  get endPos(): number {
    return this.entries.at(-1)?.endPos ?? this.basePosition;
  }

  get length(): number {
    return this.entries.length;
  }

  last(): WalEntry | undefined {
    return this.entries.at(-1);
  }

  append(entry: WalEntry): void {
    if (entry.startPos !== this.endPos) {
      throw new Error(`WAL gap: entry starts at ${entry.startPos}, log ends at ${this.endPos}`);
    }
    this.entries.push(entry);
  }

  /** Index of the first entry ending after `pos`. */
  private indexAfter(pos: number): number {
    return indexEndingAfter(this.entries, pos, (e) => e.endPos);
  }

  /** The entry starting exactly at `pos`, if retained. */
  entryFrom(pos: number): WalEntry | undefined {
    const e = this.entries[this.indexAfter(pos)];
    return e && e.startPos === pos ? e : undefined;
  }

  /** The entry ending exactly at `pos`, if retained. */
  entryEndingAt(pos: number): WalEntry | undefined {
    const e = this.entries[this.indexAfter(pos - 1)];
    return e && e.endPos === pos ? e : undefined;
  }

  /** Commit time of the oldest retained change after `pos`. */
  commitTimeAfter(pos: number): number | null {
    return this.entries[this.indexAfter(pos)]?.committedAt ?? null;
  }

  entriesAfter(pos: number): WalEntry[] {
    return this.entries.slice(this.indexAfter(pos));
  }

  /** Drops every entry ending after `pos` (a boundary). */
  truncate(pos: number): void {
    this.entries.length = this.indexAfter(pos);
  }

  /** Recycles old entries into the base snapshot once more than `keepEntries` are retained. */
  compact(keepEntries: number): void {
    if (this.entries.length <= keepEntries) return;
    const drop = this.entries.length - Math.floor(keepEntries / 2);
    for (const e of this.entries.slice(0, drop)) applyChange(this.baseData, e);
    this.basePosition = this.entries[drop - 1]!.endPos;
    this.entries = this.entries.slice(drop);
  }

  /** The data as of `pos` (needs `pos` within the retained log). */
  stateAt(pos: number): Map<string, unknown> {
    if (pos < this.basePosition || pos > this.endPos) throw new Error(`position ${pos} is outside the retained WAL`);
    const data = new Map(this.baseData);
    for (const e of this.entries) {
      if (e.endPos > pos) break;
      applyChange(data, e);
    }
    return data;
  }

  /** A copy holding the same history up to `pos` (a base backup). */
  copyUpTo(pos: number): Wal {
    const copy = new Wal(this.basePosition, new Map(this.baseData));
    copy.entries = this.entries.slice(0, this.indexAfter(pos));
    return copy;
  }
}

/** A change: a null value deletes the key. */
export function applyChange(data: Map<string, unknown>, e: WalEntry): void {
  if (e.value === null) data.delete(e.key);
  else data.set(e.key, e.value);
}

/**
 * End of the history `a` and `b` share (like pg_rewind's divergence point),
 * or null when it is older than what both retain.
 */
export function commonPrefixEnd(a: Wal, b: Wal): number | null {
  const mine = a.entriesAfter(a.basePos);
  for (let i = mine.length - 1; i >= 0; i--) {
    const e = mine[i]!;
    if (e.endPos > b.endPos) continue;
    if (b.entryEndingAt(e.endPos)?.id === e.id) return e.endPos;
  }
  return a.basePos === b.basePos ? a.basePos : null;
}
