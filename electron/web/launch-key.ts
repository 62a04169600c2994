import { LaunchTokens } from './launch-tokens';

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
