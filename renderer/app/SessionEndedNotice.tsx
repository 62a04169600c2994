import { SESSION_ENDED_MESSAGE } from '../api/web-session';
import { TestIds } from '../testids';
import { sessionEndReason, useConnection } from './connection-store';

/**
 * Browser mode: once the session has ended, the page cannot get back in on
 * its own (the bridge stopped reconnecting). Covers the page with what to do.
 */
export function SessionEndedNotice() {
  const reason = useConnection(sessionEndReason);
  if (reason === null) return null;
  return (
    <div className="session-ended-overlay">
      <div className="session-ended" role="alert" data-testid={TestIds.sessionEnded} data-reason={reason}>
        <h2>Session ended</h2>
        <p>{SESSION_ENDED_MESSAGE}</p>
        <p className="muted small">Reason: {reason}</p>
      </div>
    </div>
  );
}
