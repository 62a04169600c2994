import { describe, expect, it } from 'vitest';
import { LaunchTokens, launchKeyFromEnv, mintLaunchToken } from '../../../electron/web/launch-tokens';

describe('one-time launch tokens', () => {
  it('redeems a minted token once, and one minted elsewhere with the same key once', () => {
    const key = LaunchTokens.randomKey();
    const tokens = new LaunchTokens(key);
    const a = tokens.mint();
    expect(tokens.redeem(a)).toBe(true);
    expect(tokens.redeem(a)).toBe(false);
    const b = mintLaunchToken(key);
    expect(tokens.redeem(b)).toBe(true);
    expect(tokens.redeem(b)).toBe(false);
  });

  it('refuses a token of another key, a changed MAC, and malformed ones', () => {
    const tokens = new LaunchTokens(LaunchTokens.randomKey());
    const foreign = mintLaunchToken(LaunchTokens.randomKey());
    expect(tokens.redeem(foreign)).toBe(false);
    const [nonce, mac] = tokens.mint().split('.') as [string, string];
    expect(tokens.redeem(`${nonce}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
    for (const bad of ['', '.', 'a.b', `${nonce}`, `${nonce}.${mac}.x`, `${nonce}.`, '%.%']) expect(tokens.redeem(bad)).toBe(false);
  });

  it('takes the key from the environment and removes it there, so children do not inherit it', () => {
    const key = LaunchTokens.randomKey();
    const env: NodeJS.ProcessEnv = { REPLICADESK_LAUNCH_KEY: key.toString('base64url') };
    expect(launchKeyFromEnv(env).equals(key)).toBe(true);
    expect(env.REPLICADESK_LAUNCH_KEY).toBeUndefined();
    expect(() => launchKeyFromEnv({ REPLICADESK_LAUNCH_KEY: 'short' })).toThrow(/32 bytes/);
    expect(launchKeyFromEnv({}).length).toBe(32);
  });
});
