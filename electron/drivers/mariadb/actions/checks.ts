import type { ActionRequest, PreflightCheck } from '../../../../shared/model/action';
import type { ReplicationLink } from '../../../../shared/model/link';
import { formatBytes, formatMs } from '../../../core/events/format';
import { errantGtids } from '../errant-gtid';
import { formatGtid, gtidDistance, seqByDomain } from '../gtid';
import { heldPosition, lastKnownPosition } from './candidates';
import type { ClusterView } from './cluster-view';

export interface CheckInput {
  kind: 'switchover' | 'failover';
  c: ClusterView;
  candidate: string;
  oldPrimary: string;
  /** Servers re-pointed to the candidate (the old primary not included). */
  repointed: readonly string[];
  /** Ranked candidates, best first (for a failover's "a better one exists"). */
  ranked: readonly string[];
  link: ReplicationLink | null;
  limits: Pick<ActionRequest, 'maxLagBytes' | 'maxLagMs'>;
  /** Accounts holding READ_ONLY ADMIN, as the old primary lists them (null: not read). */
  readOnlyAdmins: readonly string[] | null;
  replicationAccount: { user: string; fromSpec: boolean };
}

export const check = (id: string, ok: boolean, severity: PreflightCheck['severity'], explanation: string): PreflightCheck => ({ id, ok, severity: ok ? 'info' : severity, explanation });

/** The pre-flight checks of a MariaDB switchover or failover, each a sentence a DBA can act on. Pure. */
export function promotionChecks(i: CheckInput): PreflightCheck[] {
  const { c, candidate, oldPrimary: old, kind } = i;
  const [cn, on] = [c.nameOf(candidate), c.nameOf(old)];
  const cr = c.now(candidate);
  if (!cr) return [check('connected', false, 'blocker', `${cn} cannot be read: ${c.failureOf(candidate) ?? 'not read yet'}`)];
  const out: PreflightCheck[] = [check('connected', true, 'blocker', `${cn} answers`)];
  const ch = c.channelFrom(candidate, old);
  if (kind === 'switchover') {
    out.push(check('old-primary', c.now(old) !== null, 'blocker', c.now(old) ? `${on} answers: it is fenced (read_only), then rejoins as a replica of ${cn}` : `${on} does not answer (${c.failureOf(old) ?? 'unknown'}): a switchover needs it; fail over instead`));
    const streaming = ch !== null && ch.ioRunning === 'Yes' && ch.sqlRunning === 'Yes';
    out.push(check('streaming', streaming, 'blocker', streaming ? `${cn} replicates from ${on} (IO and SQL threads running)` : `${cn} does not replicate from ${on} now (IO ${ch?.ioRunning ?? '-'}, SQL ${ch?.sqlRunning ?? '-'})`));
    out.push(lagCheck(i));
  } else {
    out.push(check('old-primary', c.now(old) === null, 'blocker', c.now(old) ? `${on} answers: switch over instead (a failover is for a primary that is gone)` : `${on} does not answer (${c.failureOf(old) ?? 'unknown'}) since ${clock(c.failingSince(old))}`));
    const sqlOk = ch !== null && !(ch.lastSqlErrno !== 0 && ch.sqlRunning !== 'Yes');
    out.push(check('applier', sqlOk, 'blocker', sqlOk ? `${cn}'s SQL thread can apply what it received (Slave_SQL_Running = ${ch?.sqlRunning ?? '-'})` : `${cn}'s SQL thread stopped on error ${ch?.lastSqlErrno ?? '?'}: ${ch?.lastSqlError ?? 'no channel'}`));
    out.push(...lossChecks(i));
  }
  const errant = errantOn(i);
  out.push(check(`errant:${candidate}`, errant.length === 0, 'blocker', errant.length === 0 ? `${cn} has no errant GTIDs (every domain-server pair of @@gtid_binlog_state came from ${on})` : `${cn} has errant GTIDs ${errant.join(', ')} that ${on} never had: promoting it would send them to every replica (or stop them under gtid_strict_mode); remove them or apply them on ${on} first, or promote another replica`));
  const binlog = cr.logBin && cr.logSlaveUpdates;
  out.push(check(`binlog:${candidate}`, binlog, 'blocker', binlog ? `${cn}: log_bin and log_slave_updates are ON (its binlog has ${on}'s transactions, so replicas can continue from it by GTID)` : `${cn}: ${!cr.logBin ? 'log_bin is OFF (it cannot be a source)' : "log_slave_updates is OFF (its binlog lacks the replicated transactions, so replicas cannot continue by GTID)"}: set it in its config and restart it first`));
  if (!cr.gtidStrictMode) out.push(check(`strict:${candidate}`, false, 'warning', `${cn}: gtid_strict_mode is OFF: a diverged replica is not stopped, it silently skips or re-applies`));
  out.push(...followerChecks(i));
  out.push(readOnlyAdminCheck(i));
  const acc = i.replicationAccount;
  out.push(check('replication-account', acc.fromSpec, 'warning', acc.fromSpec ? `replicas connect to ${cn} as '${acc.user}' (the cluster's replication account)` : `no replication account in the cluster settings (MariaDB does not show a channel's password): replicas connect to ${cn} as the monitoring account '${acc.user}', which then needs REPLICATION SLAVE; add a replication account to the cluster`));
  return out;
}

function lagCheck(i: CheckInput): PreflightCheck {
  const lag = i.link?.lag;
  const behind = lag?.transactions?.behind ?? null;
  const bytes = lag?.bytes.replay ?? lag?.bytes.write ?? null;
  const ms = lag?.ms.replay ?? null;
  const over = (bytes !== null && bytes > i.limits.maxLagBytes) || (ms !== null && ms > i.limits.maxLagMs);
  const parts = [`GTID distance ${behind ?? 'unknown'} transaction(s)`, bytes !== null ? formatBytes(bytes) : null, ms !== null ? (lag?.msResolution === 1_000 ? `Seconds_Behind_Master ${Math.round(ms / 1_000)} s` : `heartbeat lag ${formatMs(ms)}`) : null].filter(Boolean).join(', ');
  return check('lag', !over, 'blocker', over ? `${i.c.nameOf(i.candidate)} lags: ${parts} (limits ${formatBytes(i.limits.maxLagBytes)}, ${formatMs(i.limits.maxLagMs)}): the fence would last until it catches up` : `${i.c.nameOf(i.candidate)} lag: ${parts}; it must apply everything before it is promoted (MASTER_GTID_WAIT)`);
}

/**
 * Errant GTIDs on the candidate: domain-server pairs the old primary never had. In a
 * failover its last reading may predate its last writes, so pairs its other replicas
 * have, or written under its own server_id, are not errant.
 */
function errantOn(i: CheckInput): string[] {
  const { c, candidate, oldPrimary: old } = i;
  const cr = c.now(candidate);
  const o = c.known(old);
  if (!cr) return [];
  if (i.kind === 'switchover') return errantGtids(cr.gtidBinlogState, o?.gtidBinlogState ?? []);
  const others = c.replicasOf(old).filter((r) => r !== candidate).flatMap((r) => c.known(r)?.gtidBinlogState ?? []);
  return errantGtids(cr.gtidBinlogState, [...(o?.gtidBinlogState ?? []), ...others]).filter((g) => o === null || g.split('-')[1] !== String(o.serverId));
}

/** The GTIDs of the primary's last known position that `id` does not hold, as ranges: "0-1-42…0-1-45 (4)". */
export function missingRanges(i: Pick<CheckInput, 'c'>, id: string, primary: string): string[] {
  if (!i.c.known(primary)) return [];
  const have = seqByDomain(heldPosition(i.c, id, primary));
  return lastKnownPosition(i.c, primary).flatMap((g) => {
    const from = (have.get(g.domain) ?? 0n) + 1n;
    if (from > g.seq) return [];
    const first = formatGtid({ ...g, seq: from });
    return [`${first === formatGtid(g) ? first : `${first}…${formatGtid(g)}`} (${g.seq - from + 1n})`];
  });
}

function lossChecks(i: CheckInput): PreflightCheck[] {
  const { c, candidate, oldPrimary: old } = i;
  const missing = missingRanges(i, candidate, old);
  const p = c.known(old);
  const seen = p ? `the last known position '${lastKnownPosition(c, old).map(formatGtid).join(',')}' (${c.nameOf(old)}'s @@gtid_binlog_pos '${p.gtidBinlogPos.map(formatGtid).join(',')}' at ${clock(p.at)}, and what its replicas received since)` : `${c.nameOf(old)} was never read`;
  const out = [check('expected-loss', missing.length === 0, 'warning', missing.length === 0 ? `no loss expected: ${c.nameOf(candidate)} received everything in ${seen}` : `${c.nameOf(candidate)} lacks ${missing.join(', ')} of ${seen}: lost unless ${c.nameOf(old)} comes back`)];
  const best = i.ranked[0];
  if (best && best !== candidate) out.push(check('best-candidate', false, 'warning', `${c.nameOf(best)} received more of ${c.nameOf(old)}'s transactions than ${c.nameOf(candidate)}: promote it to lose less`));
  return out;
}

/**
 * Every re-pointed replica must not be ahead of the candidate (it would hold transactions the new primary never
 * had), must have no errant GTIDs (under its gtid_strict_mode the next write from the new primary in that domain
 * stops it: blocker) and its SQL thread must not be stopped on an error (re-pointing restarts it on the same error).
 */
function followerChecks(i: CheckInput): PreflightCheck[] {
  return [...i.repointed.map((o) => followerCheck(i, o)), ...writableReplicas(i)];
}

/** Every server that stays a replica (re-pointed, or chained under one), switchover and failover alike. */
function writableReplicas(i: CheckInput): PreflightCheck[] {
  const staying = i.c.ids.filter((id) => id !== i.candidate && id !== i.oldPrimary && (i.repointed.includes(id) || i.c.sourcesOf(id).length > 0));
  return staying.flatMap((o) => writableReplica(i, o));
}

/** A re-pointed replica with read_only = 0: an application writing there makes errant transactions. */
function writableReplica(i: CheckInput, o: string): PreflightCheck[] {
  const r = i.c.known(o);
  if (!r || r.readOnly) return [];
  const on = i.c.nameOf(o);
  return [check(`writable:${o}`, false, 'warning', `${on} is a replica with read_only = 0: a write there is an errant transaction the new primary never has; SET GLOBAL read_only = 1 on it (and read_only = ON in its config)`)];
}

function followerCheck(i: CheckInput, o: string): PreflightCheck {
  {
    const id = `follower:${o}`;
    const r = i.c.known(o);
    const on = i.c.nameOf(o);
    const [cn, pn] = [i.c.nameOf(i.candidate), i.c.nameOf(i.oldPrimary)];
    if (!r) return check(id, false, 'warning', `${on} was never read: re-pointing it is tried, and fails if it does not answer`);
    const ahead = gtidDistance(heldPosition(i.c, o, i.oldPrimary), heldPosition(i.c, i.candidate, i.oldPrimary)).total;
    if (ahead !== 0) return check(id, false, i.kind === 'failover' ? 'blocker' : 'warning', `${on} has ${ahead} transaction(s) ${cn} lacks: it would diverge; promote ${on} or a replica at least as far`);
    const p = i.c.known(i.oldPrimary);
    const errant = p ? errantGtids(r.gtidBinlogState, [...p.gtidBinlogState, ...(i.c.known(i.candidate)?.gtidBinlogState ?? [])]) : [];
    if (errant.length > 0) {
      const strict = r.gtidStrictMode;
      return check(id, false, strict ? 'blocker' : 'warning', `${on} has errant GTID${errant.length > 1 ? 's' : ''} ${errant.join(', ')} that neither ${pn} nor ${cn} has: ${strict ? `under its gtid_strict_mode replication from ${cn} stops with an out-of-order GTID error once ${cn} writes in that domain` : `with gtid_strict_mode OFF it keeps replicating but holds data the others lack`}; remove them (or apply them on ${pn}) first`);
    }
    const ch = i.c.channelFrom(o, i.oldPrimary);
    if (ch && ch.lastSqlErrno !== 0 && ch.sqlRunning !== 'Yes') return check(id, false, 'warning', `${on}'s SQL thread is stopped on error ${ch.lastSqlErrno}: ${ch.lastSqlError}; re-pointing it to ${cn} restarts it on the same transaction, so the step fails until the error is fixed`);
    return check(id, true, 'warning', `${on} can follow ${cn} (not ahead of it, no errant GTIDs, SQL thread ${ch?.sqlRunning ?? '-'})`);
  }
}

function readOnlyAdminCheck(i: CheckInput): PreflightCheck {
  const on = i.c.nameOf(i.oldPrimary);
  const list = i.readOnlyAdmins;
  const verb = i.kind === 'switchover' ? 'fencing' : 'a fence on return of';
  if (list === null) return check('read-only-admin', false, 'warning', `could not list the accounts holding READ_ONLY ADMIN on ${on} (${i.c.now(i.oldPrimary) ? "this login sees only its own grants; measured on 10.11, seeing them needs SELECT ON mysql.* (password hashes included): rather list them as an admin with SELECT GRANTEE FROM information_schema.USER_PRIVILEGES WHERE PRIVILEGE_TYPE = 'READ_ONLY ADMIN'" : 'it does not answer'}): they can write under read_only = 1, so ${verb} ${on} does not stop them`);
  if (list.length === 0) return check('read-only-admin', true, 'warning', `no account on ${on} holds READ_ONLY ADMIN: read_only = 1 stops every writer`);
  return check('read-only-admin', false, 'warning', `accounts holding READ_ONLY ADMIN (ALL PRIVILEGES includes it) can write under read_only = 1 on ${on}: ${list.join(', ')}. Their sessions are ended, but if one reconnects and writes before the promotion, that write is not on the new primary. Applications must not use them`);
}

const clock = (at: number | null) => (at === null ? 'unknown' : `${new Date(at).toISOString().slice(11, 23)} UTC`);
