import type { Channel } from './contract';

/**
 * Requests the page sends on its own timer, not because someone is using it:
 * pulling desktop notices, recording that a window is open, and the reads the
 * alert and timeline panels refresh every few seconds. They must not keep a
 * browser session alive, or an idle tab would never time out.
 */
const BACKGROUND: ReadonlySet<Channel> = new Set<Channel>(['alerts:notices', 'history:seen', 'alerts:state', 'alerts:silences', 'history:markers']);

export function isBackgroundRequest(channel: unknown): boolean {
  return typeof channel === 'string' && BACKGROUND.has(channel as Channel);
}
