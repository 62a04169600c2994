import { useEffect, useRef, useState } from 'react';

/**
 * `value`, but changing at most once per `everyMs` (the newest value always
 * arrives, at the latest `everyMs` after it was set). For redrawing a heavy
 * chart less often than its data changes.
 */
export function useThrottled<T>(value: T, everyMs: number): T {
  const [shown, setShown] = useState(value);
  const lastAt = useRef(0);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const wait = lastAt.current + everyMs - Date.now();
    const timer = setTimeout(
      () => {
        lastAt.current = Date.now();
        setShown(value);
      },
      Math.max(0, wait),
    );
    return () => clearTimeout(timer);
  }, [value, shown, everyMs]);
  return shown;
}
