import { beforeEach, describe, expect, it } from 'vitest';
import { sessionEndReason, setConnectionStatus, setTransport, showLogOut, useConnection } from '../../../renderer/app/connection-store';

beforeEach(() => {
  setTransport('…', false, false);
  setConnectionStatus({ kind: 'connecting', attempt: 1 });
});

describe('connection store: browser session', () => {
  it('offers Log out only in browser mode and only until the session ends', () => {
    setConnectionStatus({ kind: 'open', since: 1 });
    expect(showLogOut(useConnection.getState())).toBe(false);
    setTransport('Web bridge', false, true);
    expect(showLogOut(useConnection.getState())).toBe(true);
    setConnectionStatus({ kind: 'waiting', reason: 'connection lost (code 1006)', retryAt: 2, attempt: 1 });
    expect(showLogOut(useConnection.getState())).toBe(true);
    setConnectionStatus({ kind: 'ended', reason: 'logged out' });
    expect(showLogOut(useConnection.getState())).toBe(false);
  });

  it('names the end reason only once the session has ended', () => {
    setTransport('Web bridge', false, true);
    expect(sessionEndReason(useConnection.getState())).toBeNull();
    setConnectionStatus({ kind: 'closed', reason: 'closed by the app' });
    expect(sessionEndReason(useConnection.getState())).toBeNull();
    setConnectionStatus({ kind: 'ended', reason: 'session expired' });
    expect(sessionEndReason(useConnection.getState())).toBe('session expired');
  });
});
