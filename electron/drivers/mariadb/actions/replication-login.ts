import type { Timeouts } from '../../../../shared/model/cluster';
import { parseServerAddress } from '../server-address';
import { ServerConnection } from '../server-connection';
import { parseGrants, type GrantReading } from './privileges';
import type { ReplicationGrants } from './replication-grant';
import { str } from './session';
import { MDB_SQL } from './sql';

/**
 * The replication account's grants on `candidate`: when it is the action login,
 * the reading the plan already has; a separate account logs in itself (which also
 * proves its password and that it may log in from here) for SHOW GRANTS FOR CURRENT_USER.
 */
export async function readReplicationGrants(
  candidate: string,
  account: { user: string; password: string; separate: boolean },
  loginGrants: GrantReading | undefined,
  opts: { timeouts: Timeouts; now: () => number; signal: AbortSignal },
): Promise<ReplicationGrants> {
  if (!account.separate) return loginGrants ? { ok: true, grants: loginGrants } : { ok: false, reason: `SHOW GRANTS FOR CURRENT_USER as '${account.user}' could not be read` };
  const a = parseServerAddress(candidate);
  if (!a.ok) return { ok: false, reason: a.reason };
  const conn = new ServerConnection(a.value, { user: account.user, password: account.password, connectTimeoutMs: opts.timeouts.connectTimeoutMs, queryTimeoutMs: opts.timeouts.queryTimeoutMs, now: opts.now });
  try {
    const r = await conn.query(MDB_SQL.grants, opts.signal);
    if (!r.ok) return { ok: false, reason: `logging in as '${account.user}' and SHOW GRANTS FOR CURRENT_USER: ${r.reason}` };
    const rows = Array.isArray(r.value) ? (r.value as Record<string, unknown>[]) : [];
    return { ok: true, grants: parseGrants(rows.map((row) => str(Object.values(row)[0]))) };
  } finally {
    conn.close();
  }
}
