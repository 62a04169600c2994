import type { PreflightCheck } from '../../../../shared/model/action';
import { holds, type GrantReading } from './privileges';

/** The replication account's grants on the candidate, or why they could not be read. */
export type ReplicationGrants = { ok: true; grants: GrantReading } | { ok: false; reason: string };

export interface ReplicationGrantInput {
  user: string;
  /** true: spec.replication; false: replicas would connect as the monitoring/operator login. */
  fromSpec: boolean;
  candidateName: string;
  /** Hosts of the servers that will connect to the candidate (node ids' host part). */
  replicaHosts: readonly string[];
  reading: ReplicationGrants;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Whether a MySQL account host pattern ('%', '10.0.0.%', 'db_1', 'localhost') matches `host` literally. */
export function hostCovers(pattern: string, host: string): boolean {
  if (LOOPBACK.has(pattern) && LOOPBACK.has(host)) return true;
  const re = new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replaceAll('%', '.*').replaceAll('_', '.')}$`, 'i');
  return re.test(host);
}

/**
 * Replicas log in to the new primary as the replication account: without
 * REPLICATION SLAVE there the rejoin and every re-point fail with Access denied
 * after the fence and promotion (blocker naming the GRANT). Its host part must
 * also match the replicas' addresses (a warning when it visibly does not).
 */
export function replicationGrantChecks(i: ReplicationGrantInput): PreflightCheck[] {
  const who = i.fromSpec ? `the replication account '${i.user}'` : `'${i.user}' (no replication account in the cluster settings: replicas connect as the monitoring/operator login)`;
  const id = 'replication-grant';
  if (!i.reading.ok) return [{ id, ok: false, severity: 'warning', explanation: `could not check that ${who} holds REPLICATION SLAVE on ${i.candidateName} (${i.reading.reason}): without it the rejoin and re-points fail with Access denied after the fence` }];
  const g = i.reading.grants;
  if (!holds(g, 'REPLICATION SLAVE')) {
    return [{ id, ok: false, severity: 'blocker', explanation: `${who} lacks REPLICATION SLAVE on ${i.candidateName} (${g.account}): replicas could not connect to it and the old primary would stay read-only, not replicating. Run GRANT REPLICATION SLAVE ON *.* TO ${g.account}; on ${i.candidateName}${g.roles.length > 0 ? ` (roles ${g.roles.join(', ')} are not counted)` : ''}` }];
  }
  const out: PreflightCheck[] = [{ id, ok: true, severity: 'blocker', explanation: `${who} holds REPLICATION SLAVE on ${i.candidateName} (${g.account})` }];
  const pattern = /@'(.*)'$/.exec(g.account)?.[1];
  const outside = pattern === undefined ? [] : [...new Set(i.replicaHosts)].filter((h) => !hostCovers(pattern, h));
  if (outside.length > 0) {
    out.push({ id: 'replication-host', ok: false, severity: 'warning', explanation: `${g.account} is defined for host '${pattern}', which does not match ${outside.join(', ')} as written in the cluster: replicas log in from their own address as ${i.candidateName} sees it; check they match (or create the account for their hosts)` });
  }
  return out;
}
