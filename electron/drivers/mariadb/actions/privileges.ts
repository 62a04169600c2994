import type { PreflightCheck } from '../../../../shared/model/action';
import type { MdbStepOp } from './step-id';

/** Global privileges of the action login on one server, from SHOW GRANTS FOR CURRENT_USER. */
export interface GrantReading {
  /** `'user'@'host'` as the grants name it. */
  account: string;
  /** Privileges granted ON *.* (upper case); 'ALL PRIVILEGES' stands for all. */
  global: Set<string>;
  /** Roles granted (their privileges count only once SET ROLE / a default role is active: not assumed). */
  roles: string[];
}

const GRANT_LINE = /^GRANT (.+?) ON \*\.\* TO (`[^`]*`@`[^`]*`|'[^']*'@'[^']*')/;
const ROLE_LINE = /^GRANT (`[^`]*`|'[^']*') TO /;

/** Parses the lines of SHOW GRANTS FOR CURRENT_USER (only grants ON *.* matter for actions). */
export function parseGrants(lines: readonly string[]): GrantReading {
  const global = new Set<string>();
  const roles: string[] = [];
  let account = 'CURRENT_USER';
  for (const line of lines) {
    const g = GRANT_LINE.exec(line);
    if (g) {
      for (const p of g[1]!.split(',')) global.add(p.trim().toUpperCase());
      account = g[2]!.replaceAll('`', "'");
      continue;
    }
    const r = ROLE_LINE.exec(line);
    if (r) roles.push(r[1]!.replaceAll('`', "'"));
  }
  return { account, global, roles };
}

/** What SUPER still covers in MariaDB 10.11 (READ_ONLY ADMIN was taken out of it in 10.11.0: measured, it is refused). */
const SUPER_COVERS = new Set(['CONNECTION ADMIN', 'REPLICATION SLAVE ADMIN', 'BINLOG ADMIN']);

export function holds(g: GrantReading, privilege: string): boolean {
  if (g.global.has('ALL PRIVILEGES') || g.global.has('ALL') || g.global.has(privilege)) return true;
  return g.global.has('SUPER') && SUPER_COVERS.has(privilege);
}

/** What each step needs on the node it acts on. */
export const STEP_NEEDS: Record<MdbStepOp, readonly string[]> = {
  verify: ['SLAVE MONITOR'],
  // SET GLOBAL read_only; the processlist of every user; KILL CONNECTION of other users' sessions.
  fence: ['READ_ONLY ADMIN', 'PROCESS', 'CONNECTION ADMIN'],
  'fence-reminder': ['READ_ONLY ADMIN', 'PROCESS', 'CONNECTION ADMIN'],
  'wait-caught-up': [],
  // STOP SLAVE IO_THREAD and SHOW ALL SLAVES STATUS.
  'drain-relay': ['REPLICATION SLAVE ADMIN', 'SLAVE MONITOR'],
  // STOP SLAVE, RESET SLAVE ALL (measured on 10.11: it also needs RELOAD), SET GLOBAL read_only = 0.
  promote: ['REPLICATION SLAVE ADMIN', 'RELOAD', 'SLAVE MONITOR', 'READ_ONLY ADMIN'],
  repoint: ['REPLICATION SLAVE ADMIN', 'SLAVE MONITOR'],
  // also SET GLOBAL gtid_slave_pos (REPLICATION SLAVE ADMIN).
  'rejoin-old': ['REPLICATION SLAVE ADMIN', 'SLAVE MONITOR'],
  'manual-rejoin': [],
};

/** Per node, the privileges its steps need (in a stable order). */
export function needsByNode(steps: readonly { op: MdbStepOp; node: string }[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of steps) {
    const have = out.get(s.node) ?? [];
    for (const p of STEP_NEEDS[s.op]) if (!have.includes(p)) have.push(p);
    out.set(s.node, have);
  }
  return out;
}

/**
 * One check per node a step acts on: a blocker naming the exact GRANT when a
 * privilege is missing; a warning when the node could not be read (judged when
 * the step runs). Grants are per server in MariaDB unless replicated, so each
 * server is checked on its own.
 */
export function privilegeChecks(needs: Map<string, string[]>, grants: Map<string, GrantReading>, nameOf: (id: string) => string, login: string): PreflightCheck[] {
  const out: PreflightCheck[] = [];
  for (const [node, privileges] of needs) {
    if (privileges.length === 0) continue;
    const g = grants.get(node);
    const id = `privileges:${node}`;
    if (!g) {
      out.push({ id, ok: false, severity: 'warning', explanation: `${nameOf(node)}: the privileges of '${login}' could not be read (SHOW GRANTS FOR CURRENT_USER); it needs ${privileges.join(', ')} ON *.*` });
      continue;
    }
    const missing = privileges.filter((p) => !holds(g, p));
    const roles = g.roles.length > 0 ? ` (roles ${g.roles.join(', ')} are not counted: grant directly)` : '';
    out.push(
      missing.length === 0
        ? { id, ok: true, severity: 'blocker', explanation: `${nameOf(node)}: ${g.account} holds ${privileges.join(', ')}` }
        : { id, ok: false, severity: 'blocker', explanation: `${nameOf(node)}: ${g.account} lacks ${missing.join(', ')}${roles}: run GRANT ${missing.join(', ')} ON *.* TO ${g.account};` },
    );
  }
  return out;
}
