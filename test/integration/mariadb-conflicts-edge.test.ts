import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConflictEvent } from '../../shared/model/conflict';
import { expectRunning, lastOwnGtid, waitFor } from '../harness/mariadb-conflict-checks';
import { createMdbConflictRig, type MdbConflictRig } from '../harness/mariadb-conflict-rig';
import { mariadbDriver } from '../harness/mariadb-driver';
import type { MariadbServer } from '../harness/mariadb-server';

/**
 * The harder MariaDB master-master cases, on two masters replicating `rd.items` both ways: a take-remote after
 * which the same transaction fails on its next row; an update of a row deleted on the other side (1032, whose key
 * MariaDB does not report); and a monitoring-only login, which sees the stop and is told which grant brings the rows.
 */
let rig: MdbConflictRig;
let m1: MariadbServer;
let m2: MariadbServer;

beforeAll(async () => {
  rig = await createMdbConflictRig();
  ({ m1, m2 } = rig);
});

afterAll(async () => {
  await rig?.stop();
});

describe('MariaDB master-master conflicts: still failing, missing rows (1032), a monitoring login', () => {
  it('replicates both ways before any conflict', async () => {
    await rig.replicatesBothWays(100);
  });

  it('says so when the event still fails after take-remote (a second duplicate in the same transaction); the conflict follows it', async () => {
    await rig.partition(async () => {
      const a1 = await m1.admin();
      await a1.query('BEGIN');
      await a1.query('INSERT INTO rd.items VALUES (?, ?, ?)', [7, 'm1-7', 1]);
      await a1.query('INSERT INTO rd.items VALUES (?, ?, ?)', [8, 'm1-8', 1]);
      await a1.query('COMMIT');
      await (await m2.admin()).query('INSERT INTO rd.items VALUES (?, ?, ?)', [7, 'm2-7', 2]);
      await (await m2.admin()).query('INSERT INTO rd.items VALUES (?, ?, ?)', [8, 'm2-8', 2]);
    });
    await waitFor('the id=7 conflicts', () => !!rig.openOn(m2, 'id=7')?.versions[1]?.value && !!rig.openOn(m1, 'id=7')?.versions[1]?.value);
    const onM2 = rig.openOn(m2, 'id=7')!;
    const first = await rig.service.resolve(onM2.id, { kind: 'keep', version: 1 });
    console.log('take-remote, still failing:', first.ok ? 'ok?' : first.reason);
    expect(first).toMatchObject({ ok: false, code: 'still-failing', reason: expect.stringMatching(/stopped again on error 1062: .*Duplicate entry '8'/) });
    expect(rig.audit.some((e) => (e.params as { conflictId: string }).conflictId === onM2.id && String(e.outcome).startsWith('failed: still-failing'))).toBe(true);
    // The same transaction, now failing on id=8: the same conflict, looked at again.
    await waitFor('the conflict to follow the new row', () => rig.openOn(m2, 'id=8')?.id === onM2.id);
    expect(rig.openOn(m2, 'id=8')!.versions.map((v) => v.value)).toEqual([{ id: 8, val: 'm2-8', qty: 2 }, { id: 8, val: 'm1-8', qty: 1 }]);
    const second = await rig.service.resolve(onM2.id, { kind: 'keep', version: 1 });
    if (!second.ok) throw new Error(second.reason);
    expect(second.value.convergence.converged).toBe(true);
    // m1 keeps its rows: it skips m2's two transactions, one conflict after the other.
    const kept7 = await rig.service.resolve(rig.openOn(m1, 'id=7')!.id, { kind: 'keep', version: 0 });
    if (!kept7.ok) throw new Error(kept7.reason);
    await waitFor('m1 stopping on m2’s id=8', () => !!rig.openOn(m1, 'id=8')?.versions[1]?.value);
    const kept8 = await rig.service.resolve(rig.openOn(m1, 'id=8')!.id, { kind: 'keep', version: 0 });
    if (!kept8.ok) throw new Error(kept8.reason);
    expect(kept8.value.convergence.converged).toBe(true);
    for (const s of [m1, m2]) {
      expect(await rig.rowOf(s, 7)).toEqual({ id: 7, val: 'm1-7', qty: 1 });
      expect(await rig.rowOf(s, 8)).toEqual({ id: 8, val: 'm1-8', qty: 1 });
      await expectRunning(s);
    }
  });

  it('flags an update of a row deleted on the other side (1032) and resolves it by keeping local (skip)', async () => {
    await (await m1.admin()).query('INSERT INTO rd.items VALUES (?, ?, ?)', [20, 'both', 1]);
    await waitFor('row 20 on m2', async () => (await rig.rowOf(m2, 20)) !== null);
    await rig.partition(async () => {
      await (await m2.admin()).query('DELETE FROM rd.items WHERE id = ?', [20]);
      await (await m1.admin()).query('UPDATE rd.items SET val = ? WHERE id = ?', ['updated-m1', 20]);
    });
    const on = () => rig.service.inbox.list({ status: 'open', limit: 100 }).find((c) => c.versions[0]?.nodeId === m2.address && c.kind === 'update-delete');
    await waitFor('the 1032 conflict on m2', () => !!on());
    const c = on()!;
    console.log('1032:', c.target, c.notes?.[0]);
    expect(c.target).toEqual({ table: 'rd.items', key: '(unknown key)' });
    expect(c.versions[1]!.position).toBe(await lastOwnGtid(m1));
    expect(c.notes!.join('\n')).toMatch(/error 1032/);
    const taken = await rig.service.preview(c.id, { kind: 'custom', value: { id: 20, val: 'x', qty: 1 } });
    expect(taken).toMatchObject({ ok: false, code: 'details-unknown' });
    const kept = await rig.service.resolve(c.id, { kind: 'keep', version: 0 });
    if (!kept.ok) throw new Error(kept.reason);
    expect(kept.value.convergence.converged).toBe(false);
    await expectRunning(m2);
    expect(await rig.rowOf(m1, 20)).toBeNull();
    expect(await rig.rowOf(m2, 20)).toBeNull();
    await rig.replicatesBothWays(130);
    expect(rig.audit.some((e) => (e.params as { conflictId: string }).conflictId === c.id)).toBe(true);
  });

  it('a monitoring login (no SELECT) sees the conflict with the GTID and says which grant brings the rows', async () => {
    const mon = { user: 'rd_mon', password: 'rd-mon-pw' };
    for (const s of [m1, m2]) {
      const c = await s.admin();
      // Not binlogged: each server gets its own account, whatever replication does.
      await c.query('SET SESSION sql_log_bin = 0');
      await c.query("CREATE USER ?@'127.0.0.1' IDENTIFIED BY ?", [mon.user, mon.password]);
      await c.query("GRANT SLAVE MONITOR, BINLOG MONITOR, REPLICATION MASTER ADMIN, PROCESS ON *.* TO ?@'127.0.0.1'", [mon.user]);
      await c.query('SET SESSION sql_log_bin = 1');
    }
    const d = mariadbDriver([m1.address, m2.address], { auth: { user: mon.user, password: mon.password } });
    try {
      expect((await d.connect(AbortSignal.timeout(10_000))).ok).toBe(true);
      const seen = new Map<string, ConflictEvent>();
      const off = d.conflicts.onConflict((c) => seen.set(c.id, c));
      await rig.partition(async () => {
        await (await m1.admin()).query('INSERT INTO rd.items VALUES (?, ?, ?)', [30, 'm1', 1]);
        await (await m2.admin()).query('INSERT INTO rd.items VALUES (?, ?, ?)', [30, 'm2', 2]);
      });
      const onM2 = () => [...seen.values()].find((c) => c.versions[0]?.nodeId === m2.address && c.status === 'open');
      await waitFor('the monitoring driver to flag m2’s stop', async () => (await d.sample(AbortSignal.timeout(5_000)), !!onM2()));
      const bare = onM2()!;
      console.log('monitoring login:', bare.target, bare.notes?.find((n) => n.includes('GRANT')));
      expect(bare.versions[1]!.position).toBe(await lastOwnGtid(m1));
      expect(bare.target).toEqual({ table: '(unknown table)', key: '(unknown key)' });
      expect(bare.notes!.join('\n')).toMatch(/rd\.items .*no privilege on it \(GRANT SELECT on it\)/);
      for (const s of [m1, m2]) {
        const c = await s.admin();
        await c.query('SET SESSION sql_log_bin = 0');
        await c.query("GRANT SELECT ON rd.* TO ?@'127.0.0.1'", [mon.user]);
        await c.query('SET SESSION sql_log_bin = 1');
      }
      await waitFor('the rows once SELECT is granted', async () => (await d.sample(AbortSignal.timeout(5_000)), onM2()?.target.key === 'id=30'), 20_000);
      expect(onM2()!.id).toBe(bare.id);
      expect(onM2()!.versions.map((v) => v.value)).toEqual([{ id: 30, val: 'm2', qty: 2 }, { id: 30, val: 'm1', qty: 1 }]);
      off();
    } finally {
      await d.dispose();
    }
    // Cleaned up through the app's service: both keep their own row.
    await waitFor('both id=30 conflicts in the app', () => !!rig.openOn(m1, 'id=30') && !!rig.openOn(m2, 'id=30'));
    for (const s of [m1, m2]) {
      const r = await rig.service.resolve(rig.openOn(s, 'id=30')!.id, { kind: 'keep', version: 0 });
      if (!r.ok) throw new Error(r.reason);
      await expectRunning(s);
    }
  });
});
