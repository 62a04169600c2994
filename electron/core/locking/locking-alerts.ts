import type { ClusterEvent } from '../../../shared/model/event';
import type { BlockingChain, LockingSnapshot } from '../../../shared/model/locking';

type Alert = Omit<ClusterEvent, 'id' | 'clusterId'>;

const rootName = (c: BlockingChain) => (c.root.kind === 'prepared' ? `prepared transaction "${c.root.gid}"` : `pid ${c.root.pid}`);
const chainKey = (c: BlockingChain) => `${c.nodeId}|${c.root.kind === 'prepared' ? `gid:${c.root.gid}` : `pid:${c.root.pid}`}`;

/**
 * Turns snapshots into events, once per crossing: an in-doubt transaction
 * past its age limit (and when nodes disagree on it), a blocking chain
 * waiting past its limit. When the condition clears it may fire again later.
 */
export class LockingAlerts {
  private overAge = new Set<string>();
  private disagree = new Set<string>();
  private longChains = new Set<string>();

  next(s: LockingSnapshot): Alert[] {
    const out: Alert[] = [];
    const age = new Set<string>();
    const dis = new Set<string>();
    for (const row of s.inDoubt) {
      if (row.overAge) {
        age.add(row.gid);
        if (!this.overAge.has(row.gid)) {
          const mins = Math.round((s.takenAt - row.oldestPreparedAt) / 60_000);
          out.push({ at: s.takenAt, kind: 'in-doubt-transaction', severity: 'warning', nodeId: row.nodes[0] ?? null, message: `prepared transaction "${row.gid}" on ${row.nodes.join(', ')} is in doubt for ${mins} min (limit ${Math.round(s.limits.preparedAgeMs / 60_000)} min): commit or roll it back` });
        }
      }
      if (row.disagreement) {
        dis.add(row.gid);
        if (!this.disagree.has(row.gid)) out.push({ at: s.takenAt, kind: 'in-doubt-transaction', severity: 'critical', nodeId: row.nodes[0] ?? null, message: `nodes disagree on "${row.gid}": ${row.disagreement}` });
      }
    }
    const chains = new Set<string>();
    for (const c of s.chains.filter((x) => x.overLimit)) {
      const key = chainKey(c);
      chains.add(key);
      if (!this.longChains.has(key)) {
        out.push({ at: s.takenAt, kind: 'blocking-chain', severity: 'warning', nodeId: c.nodeId, message: `${rootName(c)} on ${c.nodeId} blocks ${c.waiting.length} session${c.waiting.length === 1 ? '' : 's'} (pids ${c.waiting.join(', ')}) for ${Math.round(c.longestWaitMs / 1000)} s` });
      }
    }
    this.overAge = age;
    this.disagree = dis;
    this.longChains = chains;
    return out;
  }
}
