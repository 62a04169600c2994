import type { Channel } from './contract';

/**
 * Requests the page sends on its own timer, not because someone is using it:
 * pulling desktop notices, and recording that a window is open. They must not
 * keep a browser session alive, or an idle tab would never time out.
 */
const BACKGROUND: ReadonlySet<Channel> = new Set<Channel>(['alerts:notices', 'history:seen']);

export function isBackgroundRequest(channel: unknown): boolean {
  return typeof channel === 'string' && BACKGROUND.has(channel as Channel);
}
