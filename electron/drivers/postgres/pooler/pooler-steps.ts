import type { StepReport } from '../../../../shared/model/action';
import type { PoolerSpec } from '../../../../shared/model/pooler';
import { fail, ok, type Result } from '../../../../shared/result';
import type { PgTarget } from '../conn-string';
import type { StepSession } from '../actions/session';
import { PoolerAdmin } from './admin';
import type { PoolerAgents } from './pooler-agents';
import type { PoolerRun } from './pooler-run';
import type { PoolerStepRef } from './pooler-step-id';
import { listSessions, readClientSessions } from './primary-sessions';
import { fromRows, type ReadPoolerDeps } from './read-pooler';
import { stuckPools } from './stuck-pools';
import { writeThroughPooler } from './pooler-write';

export interface PoolerStepDeps {
  spec(id: string): PoolerSpec | null;
  agents: PoolerAgents;
  run: PoolerRun;
  session: StepSession;
  targetOf(id: string): PgTarget | null;
  nodeAt: ReadPoolerDeps['nodeAt'];
  connectTimeoutMs: number;
  now(): number;
}

const dbText = (dbs: ReturnType<typeof fromRows>['databases']) => dbs.map((d) => `${d.name} → ${d.host ?? '?'}:${d.port ?? '?'}`).join(', ');

export async function executePoolerStep(d: PoolerStepDeps, ref: PoolerStepRef): Promise<Result<StepReport>> {
  const spec = d.spec(ref.pooler);
  if (!spec) return fail('unknown-pooler', `${ref.pooler} is not a pooler of this cluster`);
  switch (ref.op) {
    case 'pooler-pause':
      return pause(d, spec, ref);
    case 'pooler-repoint':
      return repoint(d, spec, ref);
    case 'pooler-resume':
      return resume(d, spec, ref);
    case 'pooler-write':
      return write(d, spec, ref);
  }
}

async function pause(d: PoolerStepDeps, spec: PoolerSpec, ref: PoolerStepRef): Promise<Result<StepReport>> {
  const admin = d.run.admin(spec, ref.pooler, d.connectTimeoutMs);
  const t0 = d.now();
  const r = await admin.run('PAUSE', spec.pauseTimeoutMs);
  if (r.ok) {
    d.run.pausedAt.set(ref.pooler, t0);
    const servers = await admin.run('SHOW SERVERS', 2_000);
    const count = servers.ok ? `SHOW SERVERS: ${servers.value.length} server connections left` : `SHOW SERVERS failed: ${servers.reason}`;
    return ok(`PAUSE completed in ${d.now() - t0} ms; ${count}`);
  }
  // A pending PAUSE holds its connection: only RESUME from a second connection releases the clients
  // (pgbouncer issue #715; closing the first alone leaves PgBouncer paused). The first is then closed, never reused.
  const second = new PoolerAdmin(spec, d.connectTimeoutMs);
  const resumed = await second.run('RESUME', 5_000);
  await second.close();
  await d.run.release(ref.pooler);
  const rtext = resumed.ok ? 'RESUME accepted' : /not paused/i.test(resumed.reason) ? 'PgBouncer was not paused' : `RESUME FAILED (${resumed.reason}): run RESUME on ${spec.name}'s admin console`;
  if (r.code !== 'timeout') return fail('pause-failed', `PAUSE on ${spec.name} failed: ${r.reason}; ${rtext}; aborted before the old primary was touched`);
  let who = '';
  if (ref.node) {
    const s = await readClientSessions(d.session, ref.node);
    const long = s.ok ? s.value.filter((x) => x.xactAgeMs !== null && x.xactAgeMs >= spec.pauseTimeoutMs) : [];
    who = s.ok ? (long.length ? `; open transactions on ${d.session.nameOf(ref.node)}: ${listSessions(long)}` : '') : `; pg_stat_activity unreadable: ${s.reason}`;
  }
  return fail('pause-timeout', `PAUSE on ${spec.name} did not complete within ${spec.pauseTimeoutMs} ms${who}; ${rtext} (from a second admin connection: a pending PAUSE never returns); aborted before the old primary was touched`);
}

async function showDatabases(d: PoolerStepDeps, spec: PoolerSpec, ref: PoolerStepRef): Promise<Result<ReturnType<typeof fromRows>['databases']>> {
  const held = d.run.admins.get(ref.pooler);
  const a = held ?? new PoolerAdmin(spec, d.connectTimeoutMs);
  try {
    const r = await a.run('SHOW DATABASES', 5_000);
    return r.ok ? ok(fromRows({ version: [], config: [], databases: r.value, pools: [], servers: [] }, d.nodeAt).databases) : r;
  } finally {
    if (!held) await a.close();
  }
}

async function repoint(d: PoolerStepDeps, spec: PoolerSpec, ref: PoolerStepRef): Promise<Result<StepReport>> {
  const to = ref.node ? d.targetOf(ref.node) : null;
  if (!to || !ref.node) return fail('unknown-node', `the new primary ${ref.node ?? '?'} is unknown`);
  const before = await showDatabases(d, spec, ref);
  if (!before.ok) return before;
  const moving = before.value.filter((x) => x.targetNodeId !== null && x.targetNodeId !== ref.node && (ref.old === null || x.targetNodeId === ref.old));
  if (moving.length === 0) {
    const on = before.value.filter((x) => x.targetNodeId === ref.node);
    return on.length ? ok(`SHOW DATABASES already shows ${dbText(on)}`) : ok({ detail: `skipped: no [databases] entry of ${spec.name} routes to ${ref.old ?? 'the old primary'} (SHOW DATABASES: ${dbText(before.value)})`, skipped: true });
  }
  if (d.agents.state(ref.pooler) !== 'ready') {
    const why = `${spec.name} cannot be re-pointed: no ready agent beside it (PgBouncer 1.18's admin console cannot change a [databases] entry)`;
    // Held paused by this run: failing keeps the clients paused while the cluster is put back (pooler-recovery.ts).
    if (d.run.pausedAt.has(ref.pooler)) return fail('needs-agent', why);
    const byHand = moving.map((x) => `in ${spec.name}'s pgbouncer.ini, set ${x.name}'s host=${x.host ?? '?'} port=${x.port ?? '?'} to host=${to.host} port=${to.port}`).join('; ');
    return ok({ detail: `skipped: ${why}. Its clients keep failing until you do it by hand: ${byHand}; then run RELOAD on its admin console and check SHOW DATABASES`, skipped: true });
  }
  const did: string[] = [];
  for (const db of moving) {
    const r = await d.agents.repoint(ref.pooler, db.name, to.host, to.port);
    if (!r.ok) return fail(r.code, `${did.length ? `${did.join('; ')}; then ` : ''}${r.reason}`);
    did.push(r.value);
  }
  const after = await showDatabases(d, spec, ref);
  if (!after.ok) return fail(after.code, `${did.join('; ')}; but re-reading SHOW DATABASES failed: ${after.reason}`);
  const wrong = after.value.filter((x) => moving.some((m) => m.name === x.name) && x.targetNodeId !== ref.node);
  if (wrong.length) return fail('not-repointed', `${did.join('; ')}; but SHOW DATABASES shows ${dbText(wrong)}`);
  return ok(`SHOW DATABASES on ${spec.name}: ${dbText(after.value.filter((x) => moving.some((m) => m.name === x.name)))} (agent: ${did.join('; ')})`);
}

async function resume(d: PoolerStepDeps, spec: PoolerSpec, ref: PoolerStepRef): Promise<Result<StepReport>> {
  const held = d.run.admins.get(ref.pooler);
  const since = d.run.pausedAt.get(ref.pooler);
  if (!held || since === undefined) {
    return ok({ detail: `skipped: ${spec.name} was not paused by this run (no held admin connection); nothing to RESUME`, skipped: true });
  }
  const r = await held.run('RESUME', 5_000);
  if (!r.ok) return fail(r.code, `RESUME on ${spec.name}: ${r.reason}; clients stay paused until RESUME is run on its admin console`);
  const pausedMs = d.now() - since;
  const pools = await held.run('SHOW POOLS', 2_000);
  const waiting = pools.ok ? fromRows({ version: [], config: [], databases: [], pools: pools.value, servers: [] }, d.nodeAt).clientsWaiting : null;
  await d.run.release(ref.pooler);
  return ok(`RESUME accepted after ${pausedMs} ms paused; SHOW POOLS: ${waiting ?? '?'} clients waiting right after`);
}

async function write(d: PoolerStepDeps, spec: PoolerSpec, ref: PoolerStepRef): Promise<Result<StepReport>> {
  const target = ref.node ? d.targetOf(ref.node) : null;
  if (!target || !ref.node) return fail('unknown-node', `the new primary ${ref.node ?? '?'} is unknown`);
  const dbs = await showDatabases(d, spec, ref);
  if (!dbs.ok) return dbs;
  const db = dbs.value.find((x) => x.targetNodeId === ref.node);
  if (!db && d.agents.state(ref.pooler) !== 'ready') {
    return ok({ detail: `skipped: no [databases] entry of ${spec.name} routes to ${d.session.nameOf(ref.node)} yet (SHOW DATABASES: ${dbText(dbs.value)}): re-point it by hand first (the step before says how)`, skipped: true });
  }
  if (!db) return fail('not-repointed', `no [databases] entry of ${spec.name} routes to ${d.session.nameOf(ref.node)} (SHOW DATABASES: ${dbText(dbs.value)})`);
  const w = await writeThroughPooler(spec, db.name, { user: target.user, password: target.password ?? undefined }, 10_000);
  if (!w.ok && w.code === 'auth-failed') {
    return ok({ detail: `skipped: ReplicaDesk's login ${target.user} cannot log in through ${spec.name} (${w.reason}); add it to the pooler's auth_file to get this check`, skipped: true });
  }
  if (!w.ok) return w;
  if (w.value.port !== target.port) return fail('wrong-server', `the write through ${spec.name} landed on port ${w.value.port}, not ${d.session.nameOf(ref.node)} (${target.port})`);
  const wrote = `wrote through ${spec.name}/${db.name}: xid ${w.value.xid} committed on ${w.value.clusterName || ref.node} (port ${w.value.port}, not in recovery) in ${w.value.ms} ms`;
  // ReplicaDesk's login has its own pool: say whether the applications' pools are through too (server_login_retry).
  const a = new PoolerAdmin(spec, d.connectTimeoutMs);
  try {
    const [pools, config] = [await a.run('SHOW POOLS', 2_000), await a.run('SHOW CONFIG', 2_000)];
    if (!pools.ok) return ok(`${wrote}; SHOW POOLS failed: ${pools.reason}`);
    const stuck = stuckPools(pools.value, config.ok ? config.value : [], db.name, target.user);
    return ok(stuck ? `${wrote}; ${stuck}` : `${wrote}; SHOW POOLS: no client of ${db.name} waits without a server connection`);
  } finally {
    await a.close();
  }
}
