import { indexEndingAfter } from '../common/positions';
import type { Positioned } from '../common/apply-pipeline';
import type { Version } from './version';

/** A version as shipped in its origin's log. */
export interface ShippedVersion extends Positioned {
  readonly version: Version;
}

/**
 * The versions one peer originated, in commit order, at byte positions: what
 * it streams to every other peer (a full mesh, like logical replication).
 * Entries every peer has made durable are recycled.
 */
export class OriginLog {
  private entries: ShippedVersion[] = [];
  private base: number;

  constructor(startPos: number) {
    this.base = startPos;
  }

  get endPos(): number {
    return this.entries.at(-1)?.endPos ?? this.base;
  }

  get length(): number {
    return this.entries.length;
  }

  append(version: Version, bytes: number): ShippedVersion {
    const e = { version, startPos: this.endPos, endPos: this.endPos + bytes };
    this.entries.push(e);
    return e;
  }

  /** Index of the first entry ending after `pos`. */
  private indexAfter(pos: number): number {
    return indexEndingAfter(this.entries, pos, (e) => e.endPos);
  }

  entryFrom(pos: number): ShippedVersion | undefined {
    const e = this.entries[this.indexAfter(pos)];
    return e && e.startPos === pos ? e : undefined;
  }

  commitTimeAfter(pos: number): number | null {
    return this.entries[this.indexAfter(pos)]?.version.committedAt ?? null;
  }

  /** Drops entries ending at or before `pos`, keeping at most `maxEntries` anyway. */
  recycle(pos: number, maxEntries: number): void {
    let drop = this.indexAfter(pos);
    drop = Math.max(drop, this.entries.length - maxEntries);
    if (drop <= 0) return;
    this.base = this.entries[drop - 1]!.endPos;
    this.entries = this.entries.slice(drop);
  }
}
