import type { ReplicationLink } from '../../../shared/model/link';
import type { ClusterSample } from '../../../shared/model/sample';

/** How long a link that ended stays on the graph, marked `ended`, before it is removed. */
export const LINK_GRACE_MS = 10_000;

/**
 * A link exists while the driver reports it. One the driver stops reporting while
 * a side of it is read is kept as `ended` (no lag: it has none) for `graceMs`, then
 * removed; if it is reported again within that time it is simply live again.
 */
export class LinkGrace {
  private ended = new Map<string, ReplicationLink>();
  private last = new Map<string, ReplicationLink>();

  constructor(private readonly graceMs = LINK_GRACE_MS) {}

  apply(sample: ClusterSample): ClusterSample {
    const now = sample.takenAt;
    const live = new Map(sample.links.filter((l) => l.state !== 'ended').map((l) => [l.id, l]));
    // "Neither side reports it" needs a side that was read: with neither endpoint answering (a refused login, a
    // network cut) nobody can say, so the link is not ended, only unseen until a side answers (trial 21).
    const read = new Set(sample.nodes.filter((n) => n.status.kind === 'up' || n.status.kind === 'degraded').map((n) => n.id));
    const unseen = new Map<string, ReplicationLink>();
    for (const [id, l] of this.last) {
      if (live.has(id) || this.ended.has(id)) continue;
      if (!read.has(l.from) && !read.has(l.to)) unseen.set(id, l);
      else this.ended.set(id, endedLink(l, now));
    }
    for (const [id, l] of this.ended) {
      if (live.has(id) || now - (l.endedAt ?? now) >= this.graceMs) this.ended.delete(id);
    }
    this.last = new Map([...live, ...unseen]);
    const nodes = new Set(sample.nodes.map((n) => n.id));
    const shown = [...this.ended.values()].filter((l) => nodes.has(l.from) && nodes.has(l.to));
    return { ...sample, links: [...live.values(), ...shown] };
  }
}

function endedLink(l: ReplicationLink, at: number): ReplicationLink {
  return {
    ...l,
    state: 'ended',
    endedAt: at,
    lag: {
      bytes: { sent: null, write: null, flush: null, replay: null },
      ms: { write: null, flush: null, replay: null },
      measuredAt: at,
      source: 'the link ended: no lag',
    },
  };
}
