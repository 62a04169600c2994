import { useEffect, useRef } from 'react';
import { useApi } from '../../api/context';

/**
 * Browser mode's DesktopNotifier: pulls new notices (`alerts:notices`) every
 * 3 s and shows each with the browser's Notification API once permitted.
 * Renders nothing. In Electron the main process shows them itself.
 */
export function BrowserNotices() {
  const api = useApi();
  const seq = useRef<number | null>(null);
  useEffect(() => {
    const N = globalThis.Notification as typeof Notification | undefined;
    if (N && N.permission === 'default') void N.requestPermission().catch(() => {});
    const poll = () =>
      void api.invoke('alerts:notices', { afterSeq: seq.current ?? 0 }).then((r) => {
        if (!r.ok) return;
        const first = seq.current === null;
        for (const n of r.value) {
          seq.current = Math.max(seq.current ?? 0, n.seq);
          // Notices from before the page opened are not replayed.
          if (!first && N?.permission === 'granted') new N(n.title, { body: n.body, tag: n.key });
        }
        seq.current ??= 0;
      });
    poll();
    const t = setInterval(poll, 3_000);
    return () => clearInterval(t);
  }, [api]);
  return null;
}
