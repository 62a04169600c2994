/**
 * A fixed-capacity ring of numeric rows stored column by column in
 * Float64Arrays (NaN stands for "no value"), so a thousand links cost a few
 * tens of megabytes, not a heap of small objects.
 */
export class NumericRing {
  private readonly cols: Float64Array[];
  private start = 0;
  private count = 0;

  constructor(
    readonly capacity: number,
    readonly width: number,
  ) {
    if (capacity < 1) throw new Error('capacity must be at least 1');
    this.cols = Array.from({ length: width }, () => new Float64Array(capacity));
  }

  get length(): number {
    return this.count;
  }

  push(row: ArrayLike<number>): void {
    const slot = (this.start + this.count) % this.capacity;
    for (let c = 0; c < this.width; c++) this.cols[c]![slot] = row[c] ?? NaN;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
  }

  /** Value of column `col` in row `i` (0 = oldest). */
  get(i: number, col: number): number {
    return this.cols[col]![(this.start + i) % this.capacity]!;
  }

  /** Drops rows from the oldest end while `keep(row0col0)` is false. */
  dropWhile(col: number, drop: (value: number) => boolean): void {
    while (this.count > 0 && drop(this.get(0, col))) {
      this.start = (this.start + 1) % this.capacity;
      this.count--;
    }
  }
}
