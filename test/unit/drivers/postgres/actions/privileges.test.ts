import { describe, expect, it } from 'vitest';
import { planPromotion, type PlanInput } from '../../../../../electron/drivers/postgres/actions/plan-promotion';
import { planFence, planRejoin } from '../../../../../electron/drivers/postgres/actions/plan-node';
import { PositionMemory } from '../../../../../electron/drivers/postgres/actions/position-memory';
import type { NodeSettings } from '../../../../../electron/drivers/postgres/actions/preflight';
import { privilegeChecks, privilegeNeeds } from '../../../../../electron/drivers/postgres/actions/privileges';
import { REWIND_FUNCTIONS, type NodePrivileges, type PrivilegeReading } from '../../../../../electron/drivers/postgres/actions/privileges-read';
import type { NodeView } from '../../../../../electron/drivers/postgres/node-view';
import { ActionRequestSchema, type ActionRequest, type PreflightCheck } from '../../../../../shared/model/action';
import { failed, primaryReading, sender, standbyReading, up } from '../fixtures';

const P = '127.0.0.1:5432';
const S1 = '127.0.0.1:5433';
const S2 = '127.0.0.1:5434';
const at = (port: number) => ({ host: '127.0.0.1', port });
const settings = (over: Partial<NodeSettings> = {}): NodeSettings => ({
  hints: true, checksums: false, maxSenders: 10, senders: 0, maxSlots: 10, slots: 0, slotName: '', timeline: 2, ...over,
});

function input(views: NodeView[], req: Pick<ActionRequest, 'kind' | 'target'>, host = false): PlanInput {
  return {
    request: ActionRequestSchema.parse({ clusterId: 'c', ...req }),
    views,
    settings: new Map(views.filter((v) => v.reading).map((v) => [v.id, settings()])),
    memory: new PositionMemory(),
    endpointOf: (id) => ({ host: '127.0.0.1', port: Number(id.split(':')[1]) }),
    hostControls: () => host,
  };
}

const healthy = () => [
  up(P, primaryReading([sender('s1'), sender('s2')], { currentLsn: '0/5000000' })),
  up(S1, standbyReading('s1', at(5432))),
  up(S2, standbyReading('s2', at(5432))),
];

/** A pg_monitor member and nothing more, on PG15. */
const monitor = (over: Partial<NodePrivileges> = {}): NodePrivileges => ({
  login: 'monitor',
  superuser: false,
  replication: false,
  functions: { promote: false, reload: false, readFile: false },
  roles: { pg_signal_backend: false, pg_checkpoint: false, pg_read_all_settings: true, pg_read_all_stats: true },
  alterSystem: new Set(),
  superuserSessions: 0,
  pg15: true,
  ...over,
});
/** Exactly the grants the README lists for an operator role. */
const operator = (over: Partial<NodePrivileges> = {}) =>
  monitor({
    login: 'operator',
    replication: true,
    functions: { promote: true, reload: true, readFile: false },
    roles: { pg_signal_backend: true, pg_checkpoint: true, pg_read_all_settings: true, pg_read_all_stats: true },
    alterSystem: new Set(['default_transaction_read_only', 'primary_conninfo', 'recovery_target_timeline']),
    ...over,
  });

const everywhere = (ids: string[], p: NodePrivileges) => new Map<string, PrivilegeReading>(ids.map((id) => [id, { ok: true, value: p }]));

function checksFor(i: PlanInput, parts: ReturnType<typeof planPromotion>, read: ReadonlyMap<string, PrivilegeReading>, slot = ''): PreflightCheck[] {
  const needs = privilegeNeeds(parts.steps, { view: (id) => i.views.find((v) => v.id === id), slotOf: () => slot });
  return privilegeChecks(needs, read);
}
const byId = (checks: PreflightCheck[], id: string) => checks.find((c) => c.id === id);

describe('privilege checks of a plan', () => {
  it('names every missing GRANT of a pg_monitor login, per node, for a switchover without the agent', () => {
    const i = input(healthy(), { kind: 'switchover', target: S1 });
    const checks = checksFor(i, planPromotion(i, 'switchover'), everywhere([P, S1, S2], monitor()));
    expect(checks.map((c) => c.id)).toEqual([`privileges:${P}`, `privileges:${S1}`, `privileges:${S2}`]);
    for (const c of checks) expect(c).toMatchObject({ ok: false, severity: 'blocker' });
    const fence = byId(checks, `privileges:${P}`)!.explanation;
    expect(fence).toContain('GRANT ALTER SYSTEM ON PARAMETER default_transaction_read_only TO "monitor";');
    expect(fence).toContain('GRANT EXECUTE ON FUNCTION pg_reload_conf() TO "monitor";');
    expect(fence).toContain('GRANT pg_signal_backend TO "monitor";');
    expect(fence).not.toContain('pg_monitor');
    expect(byId(checks, `privileges:${S1}`)!.explanation).toContain('GRANT EXECUTE ON FUNCTION pg_promote(boolean, integer) TO "monitor";');
    const repoint = byId(checks, `privileges:${S2}`)!.explanation;
    expect(repoint).toContain('GRANT ALTER SYSTEM ON PARAMETER primary_conninfo TO "monitor";');
    expect(repoint).toContain('GRANT ALTER SYSTEM ON PARAMETER recovery_target_timeline TO "monitor";');
    expect(repoint).not.toContain('pg_checkpoint');
  });

  it('passes the operator grants, and a superuser, on every node', () => {
    const i = input(healthy(), { kind: 'switchover', target: S1 }, true);
    const parts = planPromotion(i, 'switchover');
    for (const p of [operator(), monitor({ login: 'postgres', superuser: true })]) {
      const checks = checksFor(i, parts, everywhere([P, S1, S2], p), 'slot_s2');
      expect(checks.filter((c) => !c.ok)).toEqual([]);
      expect(checks.every((c) => c.severity === 'info')).toBe(true);
    }
  });

  it('asks for pg_checkpoint with the agent (checkpoint before pg_rewind) and REPLICATION where a slot is created', () => {
    const i = input(healthy(), { kind: 'switchover', target: S1 }, true);
    const lacking = operator({ replication: false, roles: { pg_signal_backend: true, pg_checkpoint: false, pg_read_all_settings: true, pg_read_all_stats: true } });
    const checks = checksFor(i, planPromotion(i, 'switchover'), everywhere([P, S1, S2], lacking), 'slot_s2');
    const c1 = byId(checks, `privileges:${S1}`)!;
    expect(c1).toMatchObject({ ok: false, severity: 'blocker' });
    expect(c1.explanation).toContain('GRANT pg_checkpoint TO "operator";');
    expect(c1.explanation).toContain('ALTER ROLE "operator" REPLICATION;');
    expect(byId(checks, `privileges:${P}`)?.ok).toBe(true);
  });

  it('says "needs a superuser" where only a superuser can act: PG14 ALTER SYSTEM, superuser sessions to end', () => {
    const i = input(healthy(), { kind: 'fence', target: P });
    const fence = planFence(i, 'fence');
    const old = checksFor(i, fence, everywhere([P], operator({ pg15: false, alterSystem: new Set() })));
    expect(old[0]?.explanation).toMatch(/ALTER SYSTEM SET default_transaction_read_only needs a superuser before PostgreSQL 15/);
    const busy = checksFor(i, fence, everywhere([P], operator({ superuserSessions: 2 })));
    expect(busy[0]).toMatchObject({ ok: false, severity: 'blocker' });
    expect(busy[0]?.explanation).toMatch(/needs a superuser: .* has 2 client session\(s\) of superusers/);
  });

  it('checks the unfence after promotion only when the candidate carries a fence', () => {
    const views = healthy();
    views[1] = up(S1, standbyReading('s1', at(5432), { readOnly: true }));
    const i = input(views, { kind: 'switchover', target: S1 });
    const onlyPromote = operator({ alterSystem: new Set(['primary_conninfo', 'recovery_target_timeline']) });
    const checks = checksFor(i, planPromotion(i, 'switchover'), everywhere([P, S1, S2], onlyPromote));
    expect(byId(checks, `privileges:${S1}`)?.explanation).toMatch(/cannot unfence after promotion on .*GRANT ALTER SYSTEM ON PARAMETER default_transaction_read_only/);
    const plain = input(healthy(), { kind: 'switchover', target: S1 });
    expect(byId(checksFor(plain, planPromotion(plain, 'switchover'), everywhere([P, S1, S2], onlyPromote)), `privileges:${S1}`)?.ok).toBe(true);
  });

  it('warns about a failover old primary that does not answer, judged from a node that shares its catalog', () => {
    const views = [failed(P, primaryReading([], { currentLsn: '0/5000000' }), null), up(S1, standbyReading('s1', null)), up(S2, standbyReading('s2', null))];
    const i = input(views, { kind: 'failover', target: S1 });
    const checks = checksFor(i, planPromotion(i, 'failover'), everywhere([S1, S2], monitor()));
    const old = byId(checks, `privileges:${P}`)!;
    expect(old).toMatchObject({ ok: false, severity: 'warning' });
    expect(old.explanation).toMatch(new RegExp(`^primary \\(${P}\\) does not answer.*as read on s1 \\(${S1}\\).*GRANT pg_signal_backend TO "monitor";`));
  });

  it('blocks when the privileges could not be read; a rejoin needs the checkpoint and pg_read_all_stats only (the agent does the rest)', () => {
    const i = input(healthy(), { kind: 'switchover', target: S1 });
    const read = everywhere([P, S2], operator());
    read.set(S1, { ok: false, reason: 'timeout' });
    expect(byId(checksFor(i, planPromotion(i, 'switchover'), read), `privileges:${S1}`)).toMatchObject({ ok: false, severity: 'blocker' });
    const r = input(healthy(), { kind: 'rejoin', target: S1 }, true);
    const rejoin = checksFor(r, planRejoin(r), everywhere([P, S1, S2], monitor()));
    expect(rejoin.map((c) => [c.id, c.ok])).toEqual([[`privileges:${P}`, false], [`privileges:${S1}`, true]]);
    expect(rejoin[0]?.explanation).toContain('GRANT pg_checkpoint TO "monitor";');
    expect(rejoin[1]?.explanation).toMatch(/may wait until it streams .*pg_read_all_stats/);
  });

  it('quotes role names as identifiers', () => {
    const i = input(healthy(), { kind: 'fence', target: P });
    const checks = checksFor(i, planFence(i, 'fence'), everywhere([P], monitor({ login: 'Ops "team"' })));
    expect(checks[0]?.explanation).toContain('TO "Ops ""team""";');
  });

  it('names nodes by their cluster_name, the address beside it, in the texts (ids stay addresses)', () => {
    const i = input(healthy(), { kind: 'switchover', target: S1 });
    const checks = checksFor(i, planPromotion(i, 'switchover'), everywhere([P, S1, S2], monitor()));
    expect(byId(checks, `privileges:${P}`)!.explanation).toMatch(new RegExp(`^"monitor" cannot fence on primary \\(${P}\\): `));
    expect(byId(checks, `privileges:${S1}`)!.explanation).toMatch(new RegExp(`cannot promote on s1 \\(${S1}\\): `));
    const slots = checksFor(i, planPromotion(i, 'switchover'), everywhere([P, S1, S2], monitor()), 'slot_s2');
    expect(byId(slots, `privileges:${S1}`)!.explanation).toContain("create s2's slot");
  });

  it("warns, without blocking, when the no-agent runbook's pg_rewind login lacks the rewind functions or REPLICATION, naming each statement", () => {
    const i = input(healthy(), { kind: 'switchover', target: S1 });
    const lacking = operator({ replication: false, runbook: { user: 'operator', exists: true, superuser: false, replication: false, rewindDenied: [...REWIND_FUNCTIONS] } });
    const checks = checksFor(i, planPromotion(i, 'switchover'), everywhere([P, S1, S2], lacking));
    const w = byId(checks, `runbook-login:${S1}`)!;
    expect(w).toMatchObject({ ok: false, severity: 'warning' });
    for (const f of REWIND_FUNCTIONS) expect(w.explanation).toContain(`GRANT EXECUTE ON FUNCTION pg_catalog.${f} TO "operator";`);
    expect(w.explanation).toContain('ALTER ROLE "operator" REPLICATION;');
    expect(w.explanation).toMatch(new RegExp(`pg_rewind -R on s1 \\(${S1}\\)`));
    expect(w.explanation).toContain('user=<REWIND_LOGIN>');
    // The rest of the plan is not blocked by it.
    expect(byId(checks, `privileges:${S1}`)).toMatchObject({ ok: true });
    // Granted: the warning turns into a passing note.
    const able = operator({ runbook: { user: 'operator', exists: true, superuser: false, replication: true, rewindDenied: [] } });
    expect(byId(checksFor(i, planPromotion(i, 'switchover'), everywhere([P, S1, S2], able)), `runbook-login:${S1}`)).toMatchObject({ ok: true, severity: 'info' });
    // With the agent there is no runbook, so no such check.
    const h = input(healthy(), { kind: 'switchover', target: S1 }, true);
    expect(checksFor(h, planPromotion(h, 'switchover'), everywhere([P, S1, S2], lacking)).map((c) => c.id)).not.toContain(`runbook-login:${S1}`);
  });
});
