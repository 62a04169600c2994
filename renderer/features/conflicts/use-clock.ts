import { useEffect, useState } from 'react';

/**
 * The current time, refreshed every `everyMs`, for the age filter. (Not
 * lib/use-now: its subscribe resets `now` when the first subscriber of a
 * period arrives, and a render slower than 1 ms then re-subscribes forever.)
 */
export function useClock(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
