import type { Crawl } from '../discovery';
import { displayName } from '../node-view';
import { TopologyGraph } from '../topology-graph';
import { currentReading, knownReading, type ServerView } from '../view';
import type { ReplicaChannel, ServerReading } from '../wire';

/**
 * One fresh crawl as actions look at it: each server's reading (this round's,
 * or the last good one for a server that stopped answering), whom it
 * replicates from (aliases resolved to node ids), and the graph's roles.
 *
 * A server that does not answer is placed by its last reading, which may
 * predate a switchover: a primary that dies before it was read again still
 * shows the channel it had as a replica, and with the fresh channels of its
 * replicas that makes a phantom cycle (measured: the old primary looked like
 * master-master). So a silent server's remembered channel from S is dropped
 * when S answers now and replicates from it.
 */
export class ClusterView {
  readonly graph: TopologyGraph;
  private readonly byId: Map<string, ServerView>;
  private readonly upstreams = new Map<string, string[]>();

  constructor(readonly crawl: Crawl) {
    this.byId = new Map(crawl.views.map((v) => [v.address.id, v]));
    const unread = new Set<string>();
    const freshSources = (id: string) => {
      const v = this.byId.get(id);
      return (v ? currentReading(v)?.channels ?? [] : []).map((c) => this.canonical(c.source.id));
    };
    for (const v of crawl.views) {
      const id = v.address.id;
      const r = knownReading(v);
      if (!r) {
        unread.add(id);
        continue;
      }
      const ups = r.channels.map((c) => this.canonical(c.source.id));
      this.upstreams.set(id, currentReading(v) ? ups : ups.filter((s) => !freshSources(s).includes(id)));
    }
    this.graph = new TopologyGraph(this.upstreams, unread);
  }

  get ids(): string[] {
    return this.crawl.views.map((v) => v.address.id);
  }

  /** The node id an address stands for (a second address of a server is an alias). */
  canonical(id: string): string {
    return this.crawl.aliases.get(id) ?? id;
  }

  view(id: string): ServerView | undefined {
    return this.byId.get(this.canonical(id));
  }

  /** This round's reading (null when the server does not answer now). */
  now(id: string): ServerReading | null {
    const v = this.view(id);
    return v ? currentReading(v) : null;
  }

  /** This round's reading, else the last good one. */
  known(id: string): ServerReading | null {
    const v = this.view(id);
    return v ? knownReading(v) : null;
  }

  /** Since when a server fails to answer (null while it answers). */
  failingSince(id: string): number | null {
    const r = this.view(id)?.reading;
    return r?.kind === 'failed' ? r.since : null;
  }

  failureOf(id: string): string | null {
    const r = this.view(id)?.reading;
    return r?.kind === 'failed' ? r.failure.reason : null;
  }

  nameOf = (id: string): string => displayName(this.known(id), this.canonical(id));

  /** The channel of `id` that reads from `source` (node ids). */
  channelFrom(id: string, source: string): ReplicaChannel | null {
    if (!this.sourcesOf(id).includes(source)) return null;
    return this.known(id)?.channels.find((c) => this.canonical(c.source.id) === source) ?? null;
  }

  /** Node ids `id` replicates from (for a silent server, without channels fresh readings contradict). */
  sourcesOf(id: string): string[] {
    return this.upstreams.get(this.canonical(id)) ?? [];
  }

  /** Servers with a channel from `id`. */
  replicasOf(id: string): string[] {
    return this.ids.filter((r) => r !== id && this.sourcesOf(r).includes(id));
  }
}
