import type { PreflightCheck } from '../../../../shared/model/action';
import { roleIdent } from '../permission-advice';
import { REWIND_FUNCTIONS, type NodePrivileges } from './privileges-read';

/**
 * The manual runbook's pg_rewind -R login (plan-runbook.ts): the rewind source
 * login, then the user the primary_conninfo that -R writes streams as.
 */

const check = (id: string, ok: boolean, severity: PreflightCheck['severity'], explanation: string): PreflightCheck => ({ id, ok, severity: ok ? 'info' : severity, explanation });

/**
 * What the runbook's pg_rewind login lacks (PG15 "pg_rewind": superuser, or
 * EXECUTE on four functions; -R's primary_conninfo streams, so REPLICATION),
 * as the statements to run; null when it may do both, or when it was not read.
 */
export function runbookGaps(p: NodePrivileges): string | null {
  const b = p.runbook;
  if (!b) return null;
  const to = roleIdent(b.user);
  if (!b.exists) return `no role ${to} exists here: use a login with REPLICATION and ${REWIND_FUNCTIONS.map((f) => `EXECUTE on ${f}`).join(', ')}, or a superuser`;
  if (b.superuser) return null;
  const out = b.rewindDenied.map((f) => `GRANT EXECUTE ON FUNCTION pg_catalog.${f} TO ${to};`);
  if (!b.replication) out.push(`ALTER ROLE ${to} REPLICATION; (and a pg_hba.conf "replication" line for it)`);
  return out.length ? out.join(' ') : null;
}

/** A warning, never a blocker: the admin runs the runbook by hand and may use another login. */
export function runbookCheck(node: string, label: string, p: NodePrivileges, list: readonly { step: string }[]): PreflightCheck[] {
  if (!p.runbook) return [];
  const id = `runbook-login:${node}`;
  const to = roleIdent(p.runbook.user);
  const gaps = runbookGaps(p);
  if (gaps === null) return [check(id, true, 'warning', `${to} may ${list[0]?.step ?? 'serve pg_rewind -R'} on ${label}: it ${p.runbook.superuser ? 'is a superuser' : 'has REPLICATION and EXECUTE on the rewind functions'}`)];
  return [
    check(
      id,
      false,
      'warning',
      `the manual runbook's pg_rewind -R on ${label} needs a login that may read its files and stream from it; ${to} cannot: ${gaps} (run on the primary${p.runbook.database ? `, in database ${p.runbook.database}: function grants are per database` : ''}), or put a superuser or another such login in the runbook's user=<REWIND_LOGIN>`,
    ),
  ];
}
