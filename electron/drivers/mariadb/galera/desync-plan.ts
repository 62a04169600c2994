import type { ActionStep, GaleraActionKind, PreflightCheck } from '../../../../shared/model/action';
import { holds, type GrantReading } from '../actions/privileges';
import type { GaleraReading } from './galera-reading';

/** The SQL of each action, and the state that shows it took effect. */
export const DESYNC = {
  desync: { sql: 'SET GLOBAL wsrep_desync = ON', desync: true, state: 'Donor/Desynced' },
  resync: { sql: 'SET GLOBAL wsrep_desync = OFF', desync: false, state: 'Synced' },
} as const satisfies Record<GaleraActionKind, { sql: string; desync: boolean; state: string }>;

export const STATE_SQL = "SELECT @@GLOBAL.wsrep_desync AS desync, (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'WSREP_LOCAL_STATE_COMMENT') AS state, (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'WSREP_LOCAL_RECV_QUEUE') AS recv_queue";

export const STEP_SET = 'set-wsrep-desync';
export const STEP_WAIT = 'wait-local-state';

/** A Galera node as the planner sees it: this round's reading, or null when it could not be read. */
export interface GaleraTarget {
  id: string;
  name: string;
  galera: GaleraReading | null;
}

/** Why `kind` cannot run on a node in state `g` now, or null when it can. */
export function unavailableBecause(kind: GaleraActionKind, g: Pick<GaleraReading, 'clusterStatus' | 'localState' | 'desync'> | null): string | null {
  if (!g) return 'not a Galera node read this round';
  if (g.clusterStatus !== 'Primary') return `${g.clusterStatus}: the node is not in the Primary component`;
  if (kind === 'desync' && g.desync) return 'already desynced (wsrep_desync=ON)';
  if (kind === 'desync' && g.localState !== 'Synced') return `${g.localState}: only a Synced node is desynced on purpose`;
  if (kind === 'resync' && !g.desync) return 'not desynced (wsrep_desync=OFF)';
  return null;
}

/** SET GLOBAL wsrep_desync needs SUPER on 10.11 (measured: "Access denied; you need (at least one of) the SUPER privilege(s)"). */
export const DESYNC_PRIVILEGE = 'SUPER';

/**
 * The login's grants on the target (SHOW GRANTS FOR CURRENT_USER, parsed as the switchover's are): a blocker naming
 * the exact GRANT when SUPER is missing; a warning when they could not be read (`reading` null, `login` the spec's user).
 */
export function desyncPrivilegeCheck(target: GaleraTarget, reading: GrantReading | null, login: string): PreflightCheck {
  const id = `privileges:${target.id}`;
  if (!reading) return { id, ok: false, severity: 'warning', explanation: `${target.name}: the privileges of '${login}' could not be read (SHOW GRANTS FOR CURRENT_USER); SET GLOBAL wsrep_desync needs ${DESYNC_PRIVILEGE} ON *.*` };
  if (holds(reading, DESYNC_PRIVILEGE)) return { id, ok: true, severity: 'blocker', explanation: `${target.name}: ${reading.account} holds ${DESYNC_PRIVILEGE} (SET GLOBAL wsrep_desync)` };
  const roles = reading.roles.length > 0 ? ` (roles ${reading.roles.join(', ')} are not counted: grant directly)` : '';
  return { id, ok: false, severity: 'blocker', explanation: `${target.name}: ${reading.account} lacks ${DESYNC_PRIVILEGE}, which SET GLOBAL wsrep_desync needs${roles}: run GRANT ${DESYNC_PRIVILEGE} ON *.* TO ${reading.account};` };
}

/** Pre-flight checks of desync/resync on `target`, with the other Galera nodes of the cluster and the login's grants there. */
export function desyncChecks(kind: GaleraActionKind, target: GaleraTarget, others: readonly GaleraTarget[], privileges: { reading: GrantReading | null; login: string }): PreflightCheck[] {
  const why = unavailableBecause(kind, target.galera);
  const checks: PreflightCheck[] = [
    { id: 'target-state', ok: why === null, severity: 'blocker', explanation: why ? `${target.name}: ${why}` : `${target.name} is Primary and ${target.galera!.localState}` },
    desyncPrivilegeCheck(target, privileges.reading, privileges.login),
  ];
  if (kind === 'desync') {
    const outOfFlow = others.filter((o) => o.galera && (o.galera.desync || o.galera.localState !== 'Synced'));
    checks.push({
      id: 'others-synced',
      ok: outOfFlow.length === 0,
      severity: 'warning',
      explanation:
        outOfFlow.length === 0
          ? 'every other node is Synced'
          : `already out of flow control or not Synced: ${outOfFlow.map((o) => `${o.name} (${o.galera!.localState})`).join(', ')}`,
    });
    checks.push({
      id: 'keeps-serving',
      ok: true,
      severity: 'info',
      explanation: `${target.name} keeps serving queries but stops holding the cluster back (no flow control): its receive queue may grow and its reads may be stale until resync`,
    });
  } else {
    const queue = target.galera?.recvQueue ?? 0;
    checks.push({
      id: 'recv-queue',
      ok: true,
      severity: 'info',
      explanation: `${target.name} has ${queue} write-set(s) queued: it rejoins flow control and is Synced once they are applied`,
    });
  }
  return checks;
}

export function desyncSteps(kind: GaleraActionKind, name: string): ActionStep[] {
  const d = DESYNC[kind];
  const step = (id: string, title: string, command: string, abortableBefore: boolean): ActionStep => ({
    id,
    title,
    command,
    state: 'pending',
    startedAt: null,
    endedAt: null,
    detail: null,
    abortableBefore,
  });
  return [
    step(STEP_SET, `${kind === 'desync' ? 'Desync' : 'Resync'} ${name}`, d.sql, true),
    step(STEP_WAIT, `Wait until ${name} is ${d.state}`, `SHOW GLOBAL STATUS LIKE 'wsrep_local_state_comment' -- until ${d.state}`, false),
  ];
}
