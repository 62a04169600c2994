/** Thrown when the caller's AbortSignal fires (a cancelled sample or a disposed driver). */
export class AbortedError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'AbortedError';
  }
}

/**
 * Settles with `work`, unless `ms` pass first (rejects with `onTimeout()`) or
 * `signal` aborts (rejects with AbortedError). `work` keeps a handler, so its
 * late rejection is never unhandled. The caller tears the socket down.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, signal: AbortSignal, onTimeout: () => Error): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(new AbortedError());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => finish(() => reject(new AbortedError()));
    const timer = setTimeout(() => finish(() => reject(onTimeout())), ms);
    let done = false;
    function finish(settle: () => void) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      settle();
    }
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => finish(() => resolve(v)),
      (e: unknown) => finish(() => reject(e)),
    );
  });
}
