import type { BlockingChain, LockingSnapshot, NodeLocking, PreparedXact, Session } from '../../../shared/model/locking';
import { directWaiters, waitedMs, type BlockerRef } from '../../../shared/locking/blocking-tree';

/** A session in a blocking tree, with the sessions waiting directly on it. */
export interface ChainNode {
  session: Session;
  children: ChainNode[];
}

/** What a chain's root is, with what the snapshot knows about it (null when it is not in the node's lists). */
export type ChainRoot =
  | { kind: 'session'; pid: number; session: Session | null }
  | { kind: 'prepared'; gid: string; prepared: PreparedXact | null };

export interface ChainView {
  key: string;
  chain: BlockingChain;
  root: ChainRoot;
  waiters: ChainNode[];
}

/**
 * The tree of sessions waiting behind `ref`, built with directWaiters. A
 * session waiting on two members of the tree is shown once (where it is met
 * first); a cycle is cut where it closes.
 */
export function chainTree(sessions: readonly Session[], ref: BlockerRef): ChainNode[] {
  const seen = new Set<number>(ref.kind === 'session' ? [ref.pid] : []);
  const grow = (r: BlockerRef): ChainNode[] => {
    const fresh = directWaiters(sessions, r).filter((s) => !seen.has(s.pid));
    fresh.forEach((s) => seen.add(s.pid));
    return fresh.map((s) => ({ session: s, children: grow({ kind: 'session', pid: s.pid }) }));
  };
  return grow(ref);
}

export const chainKey = (c: BlockingChain): string => `${c.nodeId}|${c.root.kind === 'session' ? `pid:${c.root.pid}` : `gid:${c.root.gid}`}`;

function rootOf(node: NodeLocking | undefined, chain: BlockingChain): ChainRoot {
  const r = chain.root;
  if (r.kind === 'session') return { kind: 'session', pid: r.pid, session: node?.sessions.find((s) => s.pid === r.pid) ?? null };
  return { kind: 'prepared', gid: r.gid, prepared: node?.prepared.find((p) => p.gid === r.gid) ?? null };
}

/** One view per chain of the snapshot, in its order. */
export function chainViews(snapshot: LockingSnapshot): ChainView[] {
  const byNode = new Map(snapshot.nodes.map((n) => [n.nodeId, n]));
  return snapshot.chains.map((chain) => {
    const node = byNode.get(chain.nodeId);
    return { key: chainKey(chain), chain, root: rootOf(node, chain), waiters: chainTree(node?.sessions ?? [], chain.root) };
  });
}

/** How many sessions a tree holds. */
export function treeSize(nodes: readonly ChainNode[]): number {
  return nodes.reduce((n, c) => n + 1 + treeSize(c.children), 0);
}

/** The longest wait in a tree now (ticking between snapshots). */
export function longestWaitMs(nodes: readonly ChainNode[], now: number): number {
  return nodes.reduce((m, c) => Math.max(m, waitedMs(c.session, now), longestWaitMs(c.children, now)), 0);
}

/** Over its limit: as the core judged it, or since then by the clock. */
export function chainOverLimit(view: ChainView, chainWaitMs: number, now: number): boolean {
  return view.chain.overLimit || longestWaitMs(view.waiters, now) > chainWaitMs;
}

/** The tree as rows in display order, each with its depth (1 = waits on the root). */
export function flattenTree(nodes: readonly ChainNode[], depth = 1): Array<{ session: Session; depth: number }> {
  return nodes.flatMap((n) => [{ session: n.session, depth }, ...flattenTree(n.children, depth + 1)]);
}
