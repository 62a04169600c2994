/** Something that holds resources (sockets, timers) and must be released. */
export interface Disposable {
  dispose(): void | Promise<void>;
}

/** Owns a set of disposables and releases them all, newest first, exactly once. */
export class DisposableStore implements Disposable {
  private readonly items = new Set<Disposable>();
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  get size(): number {
    return this.items.size;
  }

  add<T extends Disposable>(item: T): T {
    if (this.disposed) {
      void item.dispose();
      throw new Error('DisposableStore is already disposed');
    }
    this.items.add(item);
    return item;
  }

  delete(item: Disposable): void {
    this.items.delete(item);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const all = [...this.items].reverse();
    this.items.clear();
    await Promise.allSettled(all.map((d) => d.dispose()));
  }
}

export function toDisposable(fn: () => void | Promise<void>): Disposable {
  let done = false;
  return {
    dispose: () => {
      if (done) return;
      done = true;
      return fn();
    },
  };
}
