import { useState } from 'react';
import { useApi } from '../api/context';
import { TestIds } from '../testids';
import { showLogOut, useConnection } from './connection-store';

/** Browser mode: ends this browser session on the server (`POST /session/logout`). */
export function LogOutButton() {
  const client = useApi();
  const visible = useConnection(showLogOut);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const logout = client.logout;
  if (!visible || !logout) return null;
  const onClick = async () => {
    setBusy(true);
    setError(null);
    const result = await logout();
    setBusy(false);
    if (!result.ok) setError(result.reason);
  };
  return (
    <>
      {error && <span className="warn-text">{error}</span>}
      <button className="link-button" disabled={busy} onClick={() => void onClick()} data-testid={TestIds.statusLogOut}>
        Log out
      </button>
    </>
  );
}
