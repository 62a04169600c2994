import type { Lag } from '../../../shared/model/link';

/** Where a receiver stands on one stream, as byte positions of the upstream's log. */
export interface StreamPositions {
  sent: number;
  write: number;
  flush: number;
  replay: number;
}

/**
 * Lag of one link, honestly: bytes are distances from the upstream's end
 * position; time is how old the oldest change not yet written/flushed/replayed
 * is, and 0 once the receiver has everything the upstream has (an idle
 * upstream never shows growing lag).
 */
export function computeLag(
  upstreamEnd: number,
  pos: StreamPositions,
  nowMs: number,
  commitTimeAfter: (position: number) => number | null,
): Lag {
  const bytes = (p: number) => Math.max(0, upstreamEnd - p);
  const ms = (p: number) => {
    if (p >= upstreamEnd) return 0;
    const committedAt = commitTimeAfter(p);
    return committedAt === null ? null : Math.max(0, Math.round(nowMs - committedAt));
  };
  return {
    bytes: { sent: bytes(pos.sent), write: bytes(pos.write), flush: bytes(pos.flush), replay: bytes(pos.replay) },
    ms: { write: ms(pos.write), flush: ms(pos.flush), replay: ms(pos.replay) },
    measuredAt: Math.round(nowMs),
    source: 'sandbox',
  };
}
