/**
 * The app's own origin. The renderer is served from `app://replicadesk/`
 * (a privileged custom scheme, see app-protocol.ts) instead of `file://`, so
 * "is this our page?" is an exact comparison of scheme and host, never a
 * string prefix: `file:///app/renderer-evil/` or `app://replicadesk.evil/`
 * are not ours.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'replicadesk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** The URL parsed, or null when it is not a URL at all. */
export function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True only for `app://replicadesk/…` with no user, password or port. */
export function isAppUrl(url: string): boolean {
  const u = parseUrl(url);
  return (
    u !== null &&
    u.protocol === `${APP_SCHEME}:` &&
    u.hostname === APP_HOST &&
    u.port === '' &&
    u.username === '' &&
    u.password === ''
  );
}
