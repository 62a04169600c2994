import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * One-time launch tokens: `nonce.mac`, the MAC keyed by a per-run secret.
 * The printed URL carries one; the server exchanges it once for a session
 * cookie and refuses it afterwards. Whoever holds the key (only this process,
 * or a test harness that passed it in) can mint more links.
 */
export class LaunchTokens {
  private readonly used = new Set<string>();

  constructor(private readonly key: Buffer) {}

  static randomKey(): Buffer {
    return randomBytes(32);
  }

  mint(): string {
    return mintLaunchToken(this.key);
  }

  /** True once per valid token; false for a forged, malformed or already used one. */
  redeem(token: string): boolean {
    const [nonce, mac, extra] = token.split('.');
    if (!nonce || !mac || extra !== undefined || !/^[A-Za-z0-9_-]{22}$/.test(nonce)) return false;
    const want = macOf(this.key, nonce);
    const got = Buffer.from(mac);
    if (got.length !== want.length || !timingSafeEqual(got, want)) return false;
    if (this.used.has(nonce)) return false;
    this.used.add(nonce);
    return true;
  }
}

/** Exported for the e2e harness, which mints links for the server it started. */
export function mintLaunchToken(key: Buffer): string {
  const nonce = randomBytes(16).toString('base64url');
  return `${nonce}.${macOf(key, nonce).toString()}`;
}

function macOf(key: Buffer, nonce: string): Buffer {
  return Buffer.from(createHmac('sha256', key).update(`replicadesk-launch:${nonce}`).digest('base64url'));
}

/**
 * The launch-link key: `REPLICADESK_LAUNCH_KEY` (base64url, ≥ 32 bytes) when a
 * harness that starts the server wants to mint its own links, else random.
 * The variable is removed from the environment so no child process inherits it.
 */
export function launchKeyFromEnv(env: NodeJS.ProcessEnv): Buffer {
  const given = env.REPLICADESK_LAUNCH_KEY;
  delete env.REPLICADESK_LAUNCH_KEY;
  if (given === undefined) return LaunchTokens.randomKey();
  const key = Buffer.from(given, 'base64url');
  if (key.length < 32) throw new Error('REPLICADESK_LAUNCH_KEY must be at least 32 bytes of base64url');
  return key;
}
