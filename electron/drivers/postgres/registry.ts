import type { Disposable } from '../../core/lifecycle';
import { targetId, type PgTarget } from './conn-string';
import type { NodeConnection } from './node-connection';
import type { NodeReading } from './node-reading';

/** A node we hold a connection to, and what we remember about it between samples. */
export interface KnownNode {
  conn: NodeConnection;
  seed: boolean;
  lastReading: NodeReading | null;
  lastSeenAt: number | null;
  failingSince: number | null;
  /** Node id it streams (or last streamed) from, when it is a standby. */
  upstreamId: string | null;
}

/**
 * The nodes of one cluster by id (`host:port`). Two ids that turn out to reach
 * the same server (a standby names its upstream by host name, we know it by
 * address) are merged: the later one becomes an alias of the first.
 */
export class NodeRegistry implements Disposable {
  private readonly nodes = new Map<string, KnownNode>();
  private readonly aliases = new Map<string, string>();

  constructor(private readonly connect: (target: PgTarget) => NodeConnection) {}

  resolve(id: string): string {
    return this.aliases.get(id) ?? id;
  }

  has(id: string): boolean {
    return this.nodes.has(this.resolve(id));
  }

  get(id: string): KnownNode | undefined {
    return this.nodes.get(this.resolve(id));
  }

  /** Adds a node to connect to on the next read; null when it is already known. */
  add(target: PgTarget, seed: boolean): KnownNode | null {
    if (this.has(targetId(target))) return null;
    return this.adopt(this.connect(target), seed);
  }

  /** Takes over a connection opened elsewhere (a probe that found a standby). */
  adopt(conn: NodeConnection, seed = false, reading: NodeReading | null = null, at: number | null = null): KnownNode {
    const node: KnownNode = { conn, seed, lastReading: reading, lastSeenAt: at, failingSince: null, upstreamId: null };
    this.nodes.set(conn.id, node);
    return node;
  }

  list(): KnownNode[] {
    return [...this.nodes.values()];
  }

  ids(): string[] {
    return [...this.nodes.keys()];
  }

  /** `fromId` reaches the same server as `toId`: close it and answer for it with `toId`. */
  alias(fromId: string, toId: string): void {
    const from = this.nodes.get(fromId);
    if (!from || fromId === toId) return;
    this.nodes.delete(fromId);
    this.aliases.set(fromId, toId);
    for (const [k, v] of this.aliases) if (v === fromId) this.aliases.set(k, toId);
    void from.conn.dispose();
  }

  async dispose(): Promise<void> {
    const all = this.list();
    this.nodes.clear();
    await Promise.allSettled(all.map((n) => n.conn.dispose()));
  }
}
