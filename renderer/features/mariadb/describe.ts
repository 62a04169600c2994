import type { GaleraCluster, GaleraNode } from '../../../shared/engines/galera';
import type { MariadbNodeDetail } from '../../../shared/engines/mariadb';
import { formatAgo, formatMs } from '../../lib/format';

/** ON / OFF / — for a server variable that may not have been read. */
export function onOff(v: boolean | null): string {
  return v === null ? '—' : v ? 'ON' : 'OFF';
}

/** A GTID position split per domain ("0-1-42,1-2-7" → two lines); empty → "(empty)". */
export function gtidDomains(pos: string): string[] {
  const parts = pos.split(',').map((p) => p.trim()).filter(Boolean);
  return parts.length ? parts : ['(empty)'];
}

/** One line for semi-sync: what each side is set to and whether it is really in effect. */
export function describeSemiSync(semi: MariadbNodeDetail['semiSync']): string {
  if (semi === null) return 'not read';
  const parts: string[] = [];
  const { master, slave } = semi;
  if (master?.enabled) {
    parts.push(
      master.active
        ? `primary side active, ${master.clients} replica${master.clients === 1 ? '' : 's'} acknowledging (timeout ${formatMs(master.timeoutMs)})`
        : `primary side enabled but OFF: no replica acknowledged within ${formatMs(master.timeoutMs)}, commits are asynchronous`,
    );
  }
  if (slave?.enabled) parts.push(slave.active ? 'replica side active' : 'replica side enabled, not active');
  return parts.length ? parts.join('; ') : 'off (asynchronous replication)';
}

/** True when semi-sync is configured but has fallen back to asynchronous. */
export function semiSyncFellBack(semi: MariadbNodeDetail['semiSync']): boolean {
  return Boolean(semi?.master?.enabled && !semi.master.active);
}

export const ERRANT_EXPLANATION =
  'Transactions written on this server that its primary never had: promoting it, or moving replicas under it, sends them to the others (or breaks replication on a conflict).';

/** "Galera: Synced · Primary" for the node panel. */
export function describeWsrep(g: GaleraNode): string {
  const desync = g.desynced && !/desync/i.test(g.localState) ? ' (desynced)' : '';
  return `${g.localState}${desync} · ${g.clusterStatus}`;
}

/** wsrep_flow_control_paused is a fraction of time: "12.5 %". */
export function formatPaused(fraction: number): string {
  return `${(fraction * 100).toFixed(fraction < 0.1 ? 1 : 0)} %`;
}

export function formatRate(perS: number | null): string {
  if (perS === null) return '—';
  return perS === 0 ? '0' : perS < 10 ? perS.toFixed(2) : perS.toFixed(0);
}

/** Rows worth a colour: a node outside the Primary component, not Synced, or throttling the cluster. */
export function galeraNodeTrouble(g: GaleraNode): string | null {
  if (g.clusterStatus !== 'Primary') return `${g.clusterStatus}: this node cannot take writes or reads that must be current`;
  if (g.flowControlPaused >= 0.1) return 'flow control paused replication a noticeable share of the time: a node is too slow to apply';
  if (g.localState !== 'Synced') return `${g.localState}: not serving as a full member`;
  return null;
}

/** "Partitioned: 2 components, only one may take writes" or null for a whole cluster. */
export function describePartition(cluster: GaleraCluster): string | null {
  if (cluster.components.length <= 1) return null;
  const primaries = cluster.components.filter((c) => c.primary).length;
  const writes = primaries === 0 ? 'no component has quorum: nothing takes writes' : `${primaries === 1 ? 'only the Primary component takes' : `${primaries} components claim Primary and take`} writes`;
  return `Partitioned into ${cluster.components.length} components; ${writes}.`;
}

/** "250 ms behind server 1 · measured 1.2 s ago", or why there is no figure. */
export function describeHeartbeat(hb: MariadbNodeDetail['heartbeat'], now: number): { text: string; note: string | null } {
  if (hb === null) return { text: 'not configured', note: null };
  const parts = [hb.lagMs === null ? '—' : formatMs(hb.lagMs)];
  if (hb.sourceServerId !== null) parts.push(`behind server ${hb.sourceServerId}`);
  const text = parts.join(' ') + (hb.measuredAt === null ? '' : ` · measured ${formatAgo(hb.measuredAt, now)}`);
  return { text, note: hb.note };
}
