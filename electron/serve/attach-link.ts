import { mintLaunchToken } from '../web/launch-tokens';
import { liveHolder, readLaunchKey, type LockHolder } from '../core/instance/data-dir-lock';
import { EXIT } from './exit-codes';

export type AttachTarget =
  | { kind: 'none' }
  | { kind: 'link'; holder: LockHolder; url: string }
  | { kind: 'no-link'; holder: LockHolder; why: string };

/**
 * Where a browser attaches to the core already watching `dataDir`: a fresh
 * one-time link minted with the key that core published (readable only by
 * its user: the data directory is 0700 and the key file 0600).
 */
export async function attachTarget(dataDir: string): Promise<AttachTarget> {
  const holder = await liveHolder(dataDir);
  if (!holder) return { kind: 'none' };
  if (holder.mode === 'desktop') return { kind: 'no-link', holder, why: 'it is the desktop app: open its window from the tray icon (Open)' };
  if (!holder.origin) return { kind: 'no-link', holder, why: 'it is still starting: try again in a few seconds' };
  const key = await readLaunchKey(dataDir);
  if (!key) return { kind: 'no-link', holder, why: `its launch key cannot be read here (run this as the user it runs as)` };
  return { kind: 'link', holder, url: `${holder.origin}/?token=${mintLaunchToken(key)}` };
}

/** `replicadesk link`: prints a new one-time link to the running serve; the exit code says whether there was one. */
export async function printAttachLink(dataDir: string, out: (t: string) => void, err: (t: string) => void): Promise<number> {
  const t = await attachTarget(dataDir);
  if (t.kind === 'none') {
    err(`replicadesk link: nothing is watching ${dataDir} (no live replicadesk.lock there); start it with: replicadesk serve --data-dir ${dataDir}\n`);
    return EXIT.failed;
  }
  if (t.kind === 'no-link') {
    err(`replicadesk link: pid ${t.holder.pid} watches ${dataDir}, but ${t.why}\n`);
    return EXIT.failed;
  }
  out(`${t.url}\n`);
  return EXIT.ok;
}
