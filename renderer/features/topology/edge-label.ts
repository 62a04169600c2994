import type { Lag, LinkState, ReplicationLink } from '../../../shared/model/link';
import { formatBytes, formatLagMs } from '../../lib/format';

/** The figure a link is judged by: replay distance, else the furthest stage known. */
export function headlineBytes(lag: Lag): number | null {
  return lag.bytes.replay ?? lag.bytes.flush ?? lag.bytes.write ?? lag.bytes.sent;
}

export function headlineMs(lag: Lag): number | null {
  return lag.ms.replay ?? lag.ms.flush ?? lag.ms.write;
}

/** "1.2 MB · 350 ms", prefixed by the state when the link is not streaming. */
export function edgeLabel(link: Pick<ReplicationLink, 'state' | 'lag'>): string {
  // An ended link has no lag: it is shown briefly, then removed.
  if (link.state === 'ended') return 'ended';
  const figures = `${formatBytes(headlineBytes(link.lag))} · ${formatLagMs(headlineMs(link.lag), link.lag.msResolution)}`;
  return link.state === 'streaming' ? figures : `${link.state} · ${figures}`;
}

export function linkStateClass(state: LinkState): string {
  return `link-${state}`;
}
