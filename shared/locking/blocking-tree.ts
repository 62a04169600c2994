import type { NodeLocking, Session } from '../model/locking';

/** What a session waits behind: another session, or a prepared transaction (pg_blocking_pids' pid 0). */
export type BlockerRef = { kind: 'session'; pid: number } | { kind: 'prepared'; gid: string };

const blockedBy = (s: Session, ref: BlockerRef): boolean =>
  ref.kind === 'session' ? s.blockedBy.includes(ref.pid) : s.blockedByPrepared.includes(ref.gid);

/** The sessions waiting directly on `ref`. */
export function directWaiters(sessions: readonly Session[], ref: BlockerRef): Session[] {
  return sessions.filter((s) => blockedBy(s, ref));
}

/** Every session waiting on `ref`, directly or behind another waiter (each once, cycles cut). */
export function allWaiters(sessions: readonly Session[], ref: BlockerRef): Session[] {
  const seen = new Set<number>(ref.kind === 'session' ? [ref.pid] : []);
  const out: Session[] = [];
  let frontier = directWaiters(sessions, ref);
  while (frontier.length > 0) {
    const next: Session[] = [];
    for (const s of frontier) {
      if (seen.has(s.pid)) continue;
      seen.add(s.pid);
      out.push(s);
      next.push(...directWaiters(sessions, { kind: 'session', pid: s.pid }));
    }
    frontier = next;
  }
  return out;
}

/**
 * The roots of a node's blocking trees: prepared transactions someone waits
 * on, and sessions that make others wait while not waiting themselves. In a
 * cycle (a deadlock the server has not broken yet) nobody is free, so its
 * lowest pid stands for it.
 */
export function blockingRoots(node: NodeLocking): BlockerRef[] {
  const roots: BlockerRef[] = node.prepared.filter((p) => p.blocks.length > 0).map((p) => ({ kind: 'prepared', gid: p.gid }));
  const blockers = new Set(node.sessions.flatMap((s) => s.blockedBy));
  const byPid = new Map(node.sessions.map((s) => [s.pid, s]));
  const covered = new Set<number>();
  for (const r of roots) allWaiters(node.sessions, r).forEach((s) => covered.add(s.pid));
  for (const pid of [...blockers].sort((a, b) => a - b)) {
    const s = byPid.get(pid);
    const free = !s || (s.blockedBy.length === 0 && s.blockedByPrepared.length === 0);
    if (!free) continue;
    roots.push({ kind: 'session', pid });
    covered.add(pid);
    allWaiters(node.sessions, { kind: 'session', pid }).forEach((w) => covered.add(w.pid));
  }
  for (const pid of [...blockers].sort((a, b) => a - b)) {
    if (covered.has(pid)) continue;
    roots.push({ kind: 'session', pid });
    covered.add(pid);
    allWaiters(node.sessions, { kind: 'session', pid }).forEach((w) => covered.add(w.pid));
  }
  return roots;
}

/** How long a waiting session has waited: since its current statement began. */
export function waitedMs(s: Session, now: number): number {
  const since = s.queryStartedAt ?? s.stateChangedAt;
  return since === null ? 0 : Math.max(0, now - since);
}
