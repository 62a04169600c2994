import { formatted, plain, runStatement, describeStatement } from '../../../../shared/postgres/statement';
import { fail, ok, type Result } from '../../../../shared/result';
import type { NodeConnection } from '../node-connection';
import type { Observation } from './observation';
import { restartApplyWorkers } from './worker-restart';

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
  /** Conflicts a policy decides (insert/insert, update/update with both versions and commit times logged). */
  considered: number;
  /** Of those, the conflicts on which at least one node would have kept the other version. */
  flipped: number;
  stops: number;
  /** update/delete and delete/delete conflicts: a change whose row is gone is skipped whatever the policy. */
  deletions: number;
  summary: string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * "With first_update_wins, 14 of the 20 update/update and insert/insert
 * conflicts read so far would have gone the other way": replays every
 * conflict read (`conflicts`: each one's observations, one per logging node)
 * that a policy decides. A conflict counts once, flipped when any node would
 * have kept the other side. update/delete and delete/delete are counted apart:
 * pglogical skips a change whose row is gone whatever the policy. Pure.
 */
export function previewPolicy(policy: PglResolution, conflicts: readonly (readonly Observation[])[]): PolicyOutcome {
  let considered = 0;
  let flipped = 0;
  let deletions = 0;
  for (const observations of conflicts) {
    const decidable = observations.filter((o) => (o.kind === 'update-update' || o.kind === 'insert-insert') && !o.error && o.local.timeKnown && o.remote.timeKnown && o.kept !== null);
    if (decidable.length === 0) {
      if (observations.some((o) => o.kind === 'update-delete' || o.kind === 'delete-delete')) deletions += 1;
      continue;
    }
    considered += 1;
    if (policy !== 'error' && decidable.some((o) => wouldKeep(policy, o) !== o.kept)) flipped += 1;
  }
  const stops = policy === 'error' ? considered : 0;
  const kinds = considered === 1 ? 'update/update or insert/insert conflict' : 'update/update and insert/insert conflicts';
  const head =
    considered === 0
      ? `no update/update or insert/insert conflict with both versions logged has been read yet: ${policy} cannot be previewed`
      : policy === 'error'
        ? `with error, each of the ${considered} ${kinds} read so far would have stopped the subscription's apply worker until resolved by hand`
        : `with ${policy}, ${flipped} of the ${considered} ${kinds} read so far would have gone the other way`;
  const aside = deletions ? ` (${plural(deletions, 'update/delete or delete/delete conflict is', 'update/delete and delete/delete conflicts are')} not counted: pglogical skips a change whose row is gone whatever the policy)` : '';
  return { policy, considered, flipped, stops, deletions, summary: head + aside };
}

/** One node's part of a policy change: what ran and what SHOW reads back after the reload. */
export interface PolicyStep {
  nodeId: string;
  status: 'done' | 'failed';
  detail: string;
}

/** The statements for every node (as shown in the preview); then worker-restart.ts's for each subscription. */
export function policyStatements(value: PglResolution): string[] {
  return [describeStatement(formatted('ALTER SYSTEM SET pglogical.conflict_resolution = %L', value)), 'SELECT pg_reload_conf()', 'SHOW pglogical.conflict_resolution'];
}

/**
 * Sets the policy on one node: ALTER SYSTEM (the value checked against the
 * fixed list, then quoted by the server's format('%L')), pg_reload_conf(),
 * reads it back with SHOW until the reload took effect (a reload is
 * asynchronous), up to `waitMs`; then restarts the apply workers, which keep
 * the value they started with (worker-restart.ts). Done once both are seen.
 */
export async function setPolicyOn(nodeId: string, conn: NodeConnection, value: string, signal: AbortSignal, waitMs = 3_000): Promise<Result<PolicyStep>> {
  if (!isResolution(value)) return fail('invalid-choice', `pglogical.conflict_resolution is one of ${PGL_RESOLUTIONS.join(', ')}, not ${JSON.stringify(value)}`);
  const q = (sql: string, params: string[] | undefined) => conn.query<Record<string, unknown>>(sql, signal, undefined, params);
  const alter = await runStatement(formatted('ALTER SYSTEM SET pglogical.conflict_resolution = %L', value), q);
  if (!alter.ok) return ok({ nodeId, status: 'failed', detail: `ALTER SYSTEM refused: ${alter.reason} (setting the engine policy needs a superuser, or GRANT ALTER SYSTEM ON PARAMETER pglogical.conflict_resolution plus the right to restart pglogical's subscriptions); nothing was changed` });
  const reload = await runStatement(plain('SELECT pg_reload_conf()'), q);
  if (!reload.ok) return ok({ nodeId, status: 'failed', detail: `pg_reload_conf() refused: ${reload.reason}` });
  const until = Date.now() + waitMs;
  let seen = '';
  for (;;) {
    const show = await conn.query<{ v: string }>(`SELECT current_setting('pglogical.conflict_resolution') AS v`, signal);
    seen = show.ok ? (show.value[0]?.v ?? '') : `(unreadable: ${show.reason})`;
    if (seen === value) break;
    if (Date.now() > until) return ok({ nodeId, status: 'failed', detail: `after ALTER SYSTEM and pg_reload_conf() SHOW still reads ${seen}` });
    await new Promise((r) => setTimeout(r, 100));
  }
  const restart = await restartApplyWorkers(conn, signal);
  const shown = `SHOW pglogical.conflict_resolution reads ${seen} after the reload`;
  return ok({ nodeId, status: restart.done ? 'done' : 'failed', detail: `${shown}; ${restart.detail}` });
}
