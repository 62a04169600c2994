import { formatted, plain, runStatement, describeStatement } from '../../../../shared/postgres/statement';
import { fail, ok, type Result } from '../../../../shared/result';
import type { NodeConnection } from '../node-connection';
import type { Observation } from './observation';

/** pglogical.conflict_resolution's values (pglogical 2.4). Nothing else is ever sent. */
export const PGL_RESOLUTIONS = ['error', 'apply_remote', 'keep_local', 'last_update_wins', 'first_update_wins'] as const;
export type PglResolution = (typeof PGL_RESOLUTIONS)[number];

export function isResolution(v: unknown): v is PglResolution {
  return typeof v === 'string' && (PGL_RESOLUTIONS as readonly string[]).includes(v);
}

/** The side `policy` would keep for a conflict with both commit times known; null for `error` (the worker stops). */
export function wouldKeep(policy: PglResolution, o: Pick<Observation, 'local' | 'remote'>): 'local' | 'remote' | null {
  if (policy === 'error') return null;
  if (policy === 'apply_remote') return 'remote';
  if (policy === 'keep_local') return 'local';
  const remoteLater = o.remote.committedAt > o.local.committedAt;
  return policy === 'last_update_wins' ? (remoteLater ? 'remote' : 'local') : remoteLater ? 'local' : 'remote';
}

export interface PolicyOutcome {
  policy: PglResolution;
  /** Recent conflicts that a policy can decide (both versions logged). */
  considered: number;
  flipped: number;
  stops: number;
  summary: string;
}

/**
 * "With first_update_wins, 14 of the last 20 would have gone the other way":
 * replays the recent decisions (one per logging node and conflict) that had a
 * choice to make (insert/insert, update/update; a row not found is skipped
 * whatever the policy). Pure.
 */
export function previewPolicy(policy: PglResolution, recent: readonly Observation[], limit = 20): PolicyOutcome {
  const decidable = recent.filter((o) => !o.error && o.local.timeKnown && o.remote.timeKnown && o.kept !== null).slice(-limit);
  let flipped = 0;
  let stops = 0;
  for (const o of decidable) {
    const k = wouldKeep(policy, o);
    if (k === null) stops += 1;
    else if (k !== o.kept) flipped += 1;
  }
  const n = decidable.length;
  const summary =
    n === 0
      ? `no recent conflict had two logged versions to decide between: ${policy} cannot be previewed yet`
      : policy === 'error'
        ? `with error, all ${n} of the last ${n} would have stopped the subscription's apply worker until resolved by hand`
        : `with ${policy}, ${flipped} of the last ${n} would have gone the other way`;
  return { policy, considered: n, flipped, stops, summary };
}

/** One node's part of a policy change: what ran and what SHOW reads back after the reload. */
export interface PolicyStep {
  nodeId: string;
  status: 'done' | 'failed';
  detail: string;
}

/** The statements for one node (as shown in the preview). */
export function policyStatements(value: PglResolution): string[] {
  return [describeStatement(formatted('ALTER SYSTEM SET pglogical.conflict_resolution = %L', value)), 'SELECT pg_reload_conf()', 'SHOW pglogical.conflict_resolution'];
}

/**
 * Sets the policy on one node: ALTER SYSTEM (the value checked against the
 * fixed list, then quoted by the server's format('%L')), pg_reload_conf(),
 * then reads it back with SHOW in a new transaction until the reload took
 * effect (a reload is asynchronous), up to `waitMs`.
 */
export async function setPolicyOn(nodeId: string, conn: NodeConnection, value: string, signal: AbortSignal, waitMs = 3_000): Promise<Result<PolicyStep>> {
  if (!isResolution(value)) return fail('invalid-choice', `pglogical.conflict_resolution is one of ${PGL_RESOLUTIONS.join(', ')}, not ${JSON.stringify(value)}`);
  const q = (sql: string, params: string[] | undefined) => conn.query<Record<string, unknown>>(sql, signal, undefined, params);
  const alter = await runStatement(formatted('ALTER SYSTEM SET pglogical.conflict_resolution = %L', value), q);
  if (!alter.ok) return ok({ nodeId, status: 'failed', detail: `ALTER SYSTEM refused: ${alter.reason}` });
  const reload = await runStatement(plain('SELECT pg_reload_conf()'), q);
  if (!reload.ok) return ok({ nodeId, status: 'failed', detail: `pg_reload_conf() refused: ${reload.reason}` });
  const until = Date.now() + waitMs;
  let seen = '';
  for (;;) {
    const show = await conn.query<{ v: string }>(`SELECT current_setting('pglogical.conflict_resolution') AS v`, signal);
    seen = show.ok ? (show.value[0]?.v ?? '') : `(unreadable: ${show.reason})`;
    if (seen === value) return ok({ nodeId, status: 'done', detail: `SHOW pglogical.conflict_resolution reads ${seen} after the reload` });
    if (Date.now() > until) return ok({ nodeId, status: 'failed', detail: `after ALTER SYSTEM and pg_reload_conf() SHOW still reads ${seen}` });
    await new Promise((r) => setTimeout(r, 100));
  }
}
