import { useEffect, useState } from 'react';
import type { ResponseOf } from '../../../shared/ipc/contract';
import { useApi } from '../../api/context';
import { formatDateTime } from '../../lib/format';
import { selectCluster } from '../clusters/store';
import { windowSessionId } from './session';
import { travel } from './store';

type Since = ResponseOf<'history:since'>;
const SEEN_EVERY_MS = 30_000;

/** On opening: what changed since the app was last open, each item a link to its moment on the timeline. */
export function SinceAway() {
  const api = useApi();
  const [since, setSince] = useState<Since | null>(null);
  const [open, setOpen] = useState(true);
  useEffect(() => {
    const sessionId = windowSessionId();
    void api.invoke('history:since', { sessionId }).then((r) => r.ok && setSince(r.value));
    const seen = () => void api.invoke('history:seen', { sessionId });
    const timer = setInterval(seen, SEEN_EVERY_MS);
    window.addEventListener('pagehide', seen);
    return () => {
      clearInterval(timer);
      window.removeEventListener('pagehide', seen);
    };
  }, [api]);
  if (!since || since.since === null || !open) return null;
  return (
    <section className="panel since-away" data-testid="since-away" data-items={since.items.length}>
      <header className="panel-head">
        <h2>Since you were away</h2>
        <span className="muted small">
          {formatDateTime(since.since)} → {formatDateTime(since.until)}
        </span>
        <span className="spacer" />
        <button onClick={() => setOpen(false)}>Dismiss</button>
      </header>
      {since.items.length === 0 ? (
        <div className="muted small">Nothing changed: no failover, alarm or conflict.</div>
      ) : (
        <ul>
          {since.items.map((item, i) => (
            <li key={`${item.at}-${i}`} className={`sev-${item.severity}`}>
              <button
                data-testid="since-away-item"
                data-kind={item.kind}
                onClick={() => {
                  selectCluster(item.clusterId);
                  void travel(api, item.clusterId, item.at);
                }}
              >
                {formatDateTime(item.at)} · {item.clusterName} · {item.title}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
