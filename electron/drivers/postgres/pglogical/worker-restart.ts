import { bound, describeStatement, runStatement, type PgStatement } from '../../../../shared/postgres/statement';
import type { NodeConnection } from '../node-connection';

/**
 * pglogical 2.4's apply workers keep the pglogical.conflict_resolution they
 * started with: ALTER SYSTEM + pg_reload_conf() changes what SHOW reads, not
 * what a running worker applies (measured: trial 14's reload-check.ts). A
 * worker started after the reload reads the new value, so each enabled
 * subscription is disabled and enabled again (immediately): its stream pauses
 * for about a second (measured 1.1 s on PG15 + pglogical 2.4.2) and resumes
 * from its replication origin, losing nothing. The subscription is named by
 * the catalog (pglogical.subscription, by id, in the same statement); the id
 * is a bind parameter. A subscription the admin disabled stays disabled.
 */
const DISABLE_SQL = `SELECT pglogical.alter_subscription_disable(s.sub_name, immediate := true) AS done FROM pglogical.subscription s WHERE s.sub_id = $1::oid`;
const ENABLE_SQL = `SELECT pglogical.alter_subscription_enable(s.sub_name, immediate := true) AS done FROM pglogical.subscription s WHERE s.sub_id = $1::oid`;

const LIST_SQL = `SELECT s.sub_id::bigint::text AS id, s.sub_name AS name, clock_timestamp()::text AS t0,
    (SELECT d.oid::bigint::text FROM pg_database d WHERE d.datname = current_database()) AS db
  FROM pglogical.subscription s WHERE s.sub_enabled ORDER BY s.sub_name`;

/** Each subscription: is it replicating, and is its apply worker (backend_type "pglogical apply <db oid>:<sub id>") one started after `t0`. */
const CHECK_SQL = `SELECT s.sub_id::bigint::text AS id, st.status, a.pid, to_char(a.backend_start, 'HH24:MI:SS.MS') AS started,
    coalesce(a.backend_start > $1::timestamptz, false) AS fresh
  FROM pglogical.subscription s
  LEFT JOIN pglogical.show_subscription_status() st ON st.subscription_name = s.sub_name
  LEFT JOIN pg_stat_activity a ON a.backend_type = 'pglogical apply ' || $2 || ':' || s.sub_id::bigint::text
  WHERE s.sub_id::bigint::text = ANY ($3::text[])`;

export const restartDisable = (subId: string): PgStatement => bound(DISABLE_SQL, subId);
export const restartEnable = (subId: string): PgStatement => bound(ENABLE_SQL, subId);

/** What the preview lists for one node's subscriptions (`subs`: id and the provider it replicates from). */
export function restartStatements(node: string, subs: { id: string; provider: string }[]): string[] {
  return subs.flatMap((s) => [`-- ${node}, subscription from ${s.provider}: its apply worker restarts so the new value takes effect`, describeStatement(restartDisable(s.id)), describeStatement(restartEnable(s.id))]);
}

export interface RestartOutcome {
  done: boolean;
  detail: string;
  /** From the first disable to every subscription replicating again with a new worker (ms); null when not seen. */
  pauseMs: number | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Restarts every enabled subscription's apply worker on this node and waits until each replicates with a new worker. */
export async function restartApplyWorkers(conn: NodeConnection, signal: AbortSignal, waitMs = 30_000): Promise<RestartOutcome> {
  const q = (sql: string, params: string[] | undefined) => conn.query<Record<string, unknown>>(sql, signal, undefined, params);
  const list = await conn.query<{ id: string; name: string; t0: string; db: string }>(LIST_SQL, signal);
  if (!list.ok) return { done: false, pauseMs: null, detail: `reading the subscriptions to restart failed: ${list.reason}` };
  if (list.value.length === 0) return { done: true, pauseMs: null, detail: 'no enabled subscription here: no apply worker to restart' };
  const { t0, db } = list.value[0]!;
  const started = Date.now();
  for (const s of list.value) {
    const off = await runStatement(restartDisable(s.id), q);
    if (!off.ok) return { done: false, pauseMs: null, detail: `restarting the apply worker of ${s.name} was refused (pglogical.alter_subscription_disable): ${off.reason}; running workers keep the old value until they restart` };
    let on = await runStatement(restartEnable(s.id), q);
    for (let i = 0; !on.ok && i < 3; i += 1) {
      await sleep(300);
      on = await runStatement(restartEnable(s.id), q);
    }
    if (!on.ok) return { done: false, pauseMs: null, detail: `${s.name} was disabled to restart its apply worker and enabling it again failed: ${on.reason}. Run: ${describeStatement(restartEnable(s.id))}` };
  }
  const ids = `{${list.value.map((s) => s.id).join(',')}}`;
  let last = '';
  /** Subscriptions restarted a second time: down with no worker 3 s after the first (seen once in CI; the supervisor did not bring it back in 30 s). */
  const kicked = new Set<string>();
  while (Date.now() - started < waitMs) {
    const c = await conn.query<{ id: string; status: string | null; pid: number | null; started: string | null; fresh: boolean }>(CHECK_SQL, signal, undefined, [t0, db, ids]);
    if (c.ok) {
      const fresh = c.value.filter((r) => r.fresh && r.status === 'replicating');
      const names = (id: string) => list.value.find((s) => s.id === id)?.name ?? id;
      last = c.value.map((r) => `${names(r.id)}: ${r.status ?? 'no status'}, worker ${r.pid ?? 'none'}${r.started ? ` started ${r.started}` : ''}`).join('; ');
      if (fresh.length === list.value.length) {
        const pauseMs = Date.now() - started;
        const seen = fresh.map((r) => `${names(r.id)} (new worker ${r.pid} started ${r.started})`).join(', ');
        const again = kicked.size ? `; ${[...kicked].map(names).join(', ')} came up down with no worker and ${kicked.size === 1 ? 'was' : 'were'} disabled and enabled once more` : '';
        return { done: true, pauseMs, detail: `apply workers restarted: ${seen}; replicating again after ${(pauseMs / 1000).toFixed(1)} s${again}` };
      }
      if (Date.now() - started > 3_000) {
        for (const r of c.value.filter((x) => x.status === 'down' && x.pid === null && !kicked.has(x.id))) {
          kicked.add(r.id);
          await runStatement(restartDisable(r.id), q);
          await runStatement(restartEnable(r.id), q);
        }
      }
    } else last = c.reason;
    await sleep(100);
  }
  return { done: false, pauseMs: null, detail: `after the restart not every subscription replicates with a new apply worker within ${waitMs / 1000} s: ${last}` };
}
