/** This window's session id: kept across reloads of the same tab (sessionStorage), new for a new window. */
export function windowSessionId(): string {
  const key = 'replicadesk.historySession';
  try {
    const kept = sessionStorage.getItem(key);
    if (kept) return kept;
    const id = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
    sessionStorage.setItem(key, id);
    return id;
  } catch {
    return `w${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
  }
}
