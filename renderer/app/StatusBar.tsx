import { assertNever } from '../../shared/result';
import type { ConnectionStatus } from '../api/types';
import { formatAgo } from '../lib/format';
import { useNow } from '../lib/use-now';
import { TestIds } from '../testids';
import { useConnection } from './connection-store';
import { LogOutButton } from './LogOutButton';
import { SessionEndedNotice } from './SessionEndedNotice';

function describe(status: ConnectionStatus, now: number): { text: string; tone: 'ok' | 'warn' | 'bad' } {
  switch (status.kind) {
    case 'connecting':
      return { text: status.attempt > 1 ? `reconnecting (attempt ${status.attempt})…` : 'connecting…', tone: 'warn' };
    case 'open':
      return { text: 'connected', tone: 'ok' };
    case 'waiting':
      return {
        text: `disconnected: ${status.reason}; retrying in ${Math.max(0, Math.ceil((status.retryAt - now) / 1000))} s`,
        tone: 'bad',
      };
    case 'closed':
      return { text: `closed: ${status.reason}`, tone: 'bad' };
    case 'ended':
      return { text: `session ended: ${status.reason}`, tone: 'bad' };
    default:
      return assertNever(status, 'connection status');
  }
}

/** Transport, connection state, how fresh the pushed data is, and (browser mode) log out / session ended. */
export function StatusBar() {
  const label = useConnection((s) => s.label);
  const status = useConnection((s) => s.status);
  const lastDeltaAt = useConnection((s) => s.lastDeltaAt);
  const lastSeq = useConnection((s) => s.lastSeq);
  const dropped = useConnection((s) => s.droppedTotal);
  const now = useNow(1_000);
  const { text, tone } = describe(status, now);
  return (
    <>
      <SessionEndedNotice />
      <footer className="status-bar" data-testid={TestIds.statusBar}>
        <span data-testid={TestIds.statusTransport}>{label}</span>
        <span className={`conn conn-${tone}`} data-testid={TestIds.statusConnection} data-state={status.kind}>
          <span className="status-dot" /> {text}
        </span>
        <span className="spacer" />
        <span data-testid={TestIds.statusLastDelta} data-seq={lastSeq ?? ''}>
          {lastDeltaAt === null ? 'no updates yet' : `updated ${formatAgo(lastDeltaAt, now)}`}
        </span>
        {dropped > 0 && (
          <span className="warn-text" data-testid={TestIds.statusDropped} title="Updates the core dropped because this window was slow">
            {dropped} dropped
          </span>
        )}
        <LogOutButton />
      </footer>
    </>
  );
}
