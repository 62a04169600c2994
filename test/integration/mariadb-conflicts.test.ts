import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RowDataPacket } from 'mysql2/promise';
import { createMdbConflictRig, type MdbConflictRig } from '../harness/mariadb-conflict-rig';
import { mariadbDriver } from '../harness/mariadb-driver';
import { gtidBinlogPos } from '../harness/mariadb-replication';
import type { ConflictEvent } from '../../shared/model/conflict';
import type { MariadbServer } from '../harness/mariadb-server';

/**
 * Two MariaDB 10.11 masters replicating `rd.items` both ways, each in its own
 * GTID domain. Replication is stopped both ways while both insert the same key;
 * started again, each SQL thread stops on a duplicate key (1062). The real
 * driver, sampled every 500 ms, must put both in the inbox with the failing
 * GTID, the key and both rows; they are resolved by keep-local (skip the GTID),
 * take-remote (delete unlogged, apply again) and a typed value (written, then
 * skip); every resolution is read back with SQL on both servers.
 */
let rig: MdbConflictRig;
let m1: MariadbServer;
let m2: MariadbServer;

const waitFor = async (what: string, pred: () => boolean | Promise<boolean>, timeoutMs = 20_000) => {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await pred()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
};

/** The GTID of `s`'s own domain in its @@gtid_binlog_pos (its last own write). */
const lastOwnGtid = async (s: MariadbServer) => (await gtidBinlogPos(s)).split(',').find((g) => g.startsWith(`${s.domainId}-`))!;

const sqlState = async (s: MariadbServer) => {
  const [rows] = await (await s.admin()).query<RowDataPacket[]>('SHOW ALL SLAVES STATUS');
  return rows.map((r) => ({ sql: String(r.Slave_SQL_Running), io: String(r.Slave_IO_Running), errno: Number(r.Last_SQL_Errno) }));
};

/** Both threads of every channel of `s` run without error (the IO thread reconnects in a moment: polled up to 10 s). */
const expectRunning = async (s: MariadbServer) => {
  const want = [{ sql: 'Yes', io: 'Yes', errno: 0 }];
  const until = Date.now() + 10_000;
  while (Date.now() < until && JSON.stringify(await sqlState(s)) !== JSON.stringify(want)) await new Promise((r) => setTimeout(r, 100));
  expect(await sqlState(s)).toEqual(want);
};

beforeAll(async () => {
  rig = await createMdbConflictRig();
  ({ m1, m2 } = rig);
});

afterAll(async () => {
  await rig?.stop();
});

describe('MariaDB master-master conflicts (1062 / 1032 stopping a SQL thread)', () => {
  it('replicates both ways before any conflict, and opens no conflict', async () => {
    await rig.replicatesBothWays(100);
    expect(rig.service.inbox.list({ status: 'all', limit: 100 })).toEqual([]);
  });

  it('puts a duplicate key on each side in the inbox with the failing GTID, the key and both rows', async () => {
    let gtidOfM1 = '';
    let gtidOfM2 = '';
    const healed = Date.now();
    await rig.partition(async () => {
      const a1 = await m1.admin();
      await a1.query('BEGIN');
      await a1.query('INSERT INTO rd.items VALUES (?, ?, ?)', [1, 'from-m1', 1]);
      await a1.query('INSERT INTO rd.items VALUES (?, ?, ?)', [2, 'second-m1', 2]);
      await a1.query('COMMIT');
      await (await m2.admin()).query('INSERT INTO rd.items VALUES (?, ?, ?)', [1, 'from-m2', 5]);
      gtidOfM1 = await lastOwnGtid(m1);
      gtidOfM2 = await lastOwnGtid(m2);
    });
    await waitFor('both conflicts with both rows', () => !!rig.openOn(m1, 'id=1')?.versions[1]?.value && !!rig.openOn(m2, 'id=1')?.versions[1]?.value);
    console.log(`bench mdb-conflicts: restart-to-inbox=${Date.now() - healed}ms (500 ms sampling)`);
    const onM2 = rig.openOn(m2, 'id=1')!;
    expect(onM2).toMatchObject({ kind: 'insert-insert', target: { table: 'rd.items', key: 'id=1' }, status: 'open' });
    expect(onM2.versions[0]).toMatchObject({ nodeId: m2.address, value: { id: 1, val: 'from-m2', qty: 5 } });
    expect(onM2.versions[1]).toMatchObject({ nodeId: m1.address, value: { id: 1, val: 'from-m1', qty: 1 }, position: gtidOfM1 });
    expect(onM2.id).toBe(`mdb:${m2.address}:default:${gtidOfM1}`);
    expect(onM2.notes!.join('\n')).toMatch(/may differ from the row in the failing event/);
    expect(onM2.notes!.join('\n')).toContain('binlog_format=ROW, binlog_row_image=FULL');
    const onM1 = rig.openOn(m1, 'id=1')!;
    expect(onM1.versions.map((v) => v.value)).toEqual([{ id: 1, val: 'from-m1', qty: 1 }, { id: 1, val: 'from-m2', qty: 5 }]);
    expect(onM1.versions[1]!.position).toBe(gtidOfM2);
    // Stable across samples: still exactly these two.
    await new Promise((r) => setTimeout(r, 1_200));
    expect(rig.service.inbox.list({ status: 'open', limit: 100 }).map((c) => c.id).sort()).toEqual([onM1.id, onM2.id].sort());
  });

  it('previews keep-local as a skip of the failing GTID, naming the other row event it drops', async () => {
    const onM2 = rig.openOn(m2, 'id=1')!;
    const p = await rig.service.preview(onM2.id, { kind: 'keep', version: 0 });
    if (!p.ok) throw new Error(p.reason);
    const failing = onM2.versions[1]!.position!;
    const [r] = await (await m2.admin()).query<RowDataPacket[]>('SELECT @@GLOBAL.gtid_slave_pos AS p');
    const domain = failing.split('-')[0];
    const skipTo = [...String(r[0]!.p).split(',').filter((g) => !g.startsWith(`${domain}-`)), failing].sort().join(',');
    console.log('keep-local preview:', p.value.engine!.statements.join('; '));
    // m2's own domain stays as it is, behind its binlog: strict mode is off for that one SET.
    expect(p.value.engine!.statements).toEqual([
      'STOP SLAVE ? -- ?1 = ""',
      'SET GLOBAL gtid_strict_mode = 0',
      `SET GLOBAL gtid_slave_pos = ? -- ?1 = ${JSON.stringify(skipTo)}`,
      'SET GLOBAL gtid_strict_mode = 1',
      'START SLAVE ? -- ?1 = ""',
    ]);
    expect(p.value.engine!.skipped).toEqual([{ table: 'rd.items', op: 'insert', key: '(not decoded)', value: null }]);
    expect(p.value.engine!.note).toMatch(/whole transaction is dropped/);
  });

  it('keeps local on m2 and takes remote on m1: both read m2’s row, both SQL threads run, audited', async () => {
    const onM2 = rig.openOn(m2, 'id=1')!;
    const onM1 = rig.openOn(m1, 'id=1')!;
    const kept = await rig.service.resolve(onM2.id, { kind: 'keep', version: 0 });
    if (!kept.ok) throw new Error(kept.reason);
    // m1 still holds its own row until its conflict is resolved: honestly not converged yet.
    expect(kept.value.convergence.converged).toBe(false);
    await expectRunning(m2);
    const [strict] = await (await m2.admin()).query<RowDataPacket[]>('SELECT @@GLOBAL.gtid_strict_mode AS s, @@GLOBAL.gtid_slave_pos AS p');
    expect(strict[0]).toMatchObject({ s: 1 });
    expect(String(strict[0]!.p).split(',')).toContain(onM2.versions[1]!.position);
    const t0 = Date.now();
    const taken = await rig.service.resolve(onM1.id, { kind: 'keep', version: 1 });
    if (!taken.ok) throw new Error(taken.reason);
    console.log(`bench mdb-conflicts: take-remote resolve=${Date.now() - t0}ms (run, SQL thread seen past the GTID, converged on both)`);
    console.log('take-remote:', taken.value.preview.engine!.statements.join('; '), '→', taken.value.convergence.detail);
    expect(taken.value.preview.engine!.statements).toEqual([
      'SET SESSION sql_log_bin = 0',
      'DELETE FROM `rd`.`items` WHERE `id` = ? -- ?1 = 1',
      'SET SESSION sql_log_bin = 1',
      'START SLAVE ? -- ?1 = ""',
    ]);
    expect(taken.value.convergence.converged).toBe(true);
    const m2Row = { id: 1, val: 'from-m2', qty: 5 };
    expect(await rig.rowOf(m1, 1)).toEqual(m2Row);
    expect(await rig.rowOf(m2, 1)).toEqual(m2Row);
    // The skipped transaction's other row never reached m2; m1 kept it.
    expect(await rig.rowOf(m2, 2)).toBeNull();
    expect(await rig.rowOf(m1, 2)).toEqual({ id: 2, val: 'second-m1', qty: 2 });
    await expectRunning(m1);
    await rig.replicatesBothWays(110);
    await waitFor('both conflicts resolved in the inbox', () => [onM1.id, onM2.id].every((id) => rig.service.inbox.get(id)?.status === 'resolved'));
    expect(rig.service.inbox.get(onM2.id)?.resolution?.by).toMatch(/test-admin/);
    const entries = rig.audit.filter((e) => e.action === 'conflict.resolve' && [onM1.id, onM2.id].includes((e.params as { conflictId: string }).conflictId));
    expect(entries.length).toBe(2);
    expect(entries.map((e) => e.outcome).join('\n')).toMatch(/resolved; converged/);
  });

  it('refuses a typed value the table rejects, with the server’s message, and changes nothing', async () => {
    await rig.partition(async () => {
      await (await m1.admin()).query('INSERT INTO rd.items VALUES (?, ?, ?)', [5, 'a', 1]);
      await (await m2.admin()).query('INSERT INTO rd.items VALUES (?, ?, ?)', [5, 'b', 2]);
    });
    await waitFor('both id=5 conflicts', () => !!rig.openOn(m1, 'id=5')?.versions[1]?.value && !!rig.openOn(m2, 'id=5')?.versions[1]?.value);
    const onM1 = rig.openOn(m1, 'id=5')!;
    const bad = await rig.service.resolve(onM1.id, { kind: 'custom', value: { id: 5, val: 'bad', qty: -1 } });
    expect(bad.ok ? '' : bad.reason).toMatch(/CONSTRAINT `items\.qty`|CHECK constraint|check constraint/i);
    const moved = await rig.service.resolve(onM1.id, { kind: 'custom', value: { id: 6, val: 'x', qty: 1 } });
    expect(moved.ok ? '' : moved.reason).toMatch(/must keep the key id=5/);
    expect(await rig.rowOf(m1, 5)).toEqual({ id: 5, val: 'a', qty: 1 });
    expect((await sqlState(m1))[0]).toMatchObject({ sql: 'No', errno: 1062 });
    expect(rig.service.inbox.get(onM1.id)?.status).toBe('open');
  });

  it('writes a typed value on m1 that replicates to m2 (which kept local), and skips the failing GTID', async () => {
    const onM2 = rig.openOn(m2, 'id=5')!;
    const onM1 = rig.openOn(m1, 'id=5')!;
    const kept = await rig.service.resolve(onM2.id, { kind: 'keep', version: 0 });
    if (!kept.ok) throw new Error(kept.reason);
    const merged = { id: 5, val: 'merged', qty: 3 };
    const t0 = Date.now();
    const written = await rig.service.resolve(onM1.id, { kind: 'custom', value: merged });
    if (!written.ok) throw new Error(written.reason);
    console.log(`bench mdb-conflicts: typed-value resolve=${Date.now() - t0}ms (write, skip, SQL thread seen running, converged on both)`);
    console.log('typed value:', written.value.preview.engine!.statements.join('; '), '→', written.value.convergence.detail);
    expect(written.value.preview.engine!.statements[0]).toBe(
      'INSERT INTO `rd`.`items` (`id`, `val`, `qty`) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE `id` = VALUES(`id`), `val` = VALUES(`val`), `qty` = VALUES(`qty`) -- ?1 = 5, ?2 = "merged", ?3 = 3',
    );
    expect(written.value.convergence.converged).toBe(true);
    expect(await rig.rowOf(m1, 5)).toEqual(merged);
    expect(await rig.rowOf(m2, 5)).toEqual(merged);
    await expectRunning(m1);
    await expectRunning(m2);
    await rig.replicatesBothWays(120);
    expect(rig.audit.some((e) => (e.params as { conflictId: string }).conflictId === onM1.id && String(e.outcome).startsWith('resolved; converged'))).toBe(true);
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
      const off = d.onConflict((c) => seen.set(c.id, c));
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
