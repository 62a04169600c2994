import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RowDataPacket } from 'mysql2/promise';
import { expectRunning, lastOwnGtid, sqlState, waitFor } from '../harness/mariadb-conflict-checks';
import { createMdbConflictRig, type MdbConflictRig } from '../harness/mariadb-conflict-rig';
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

beforeAll(async () => {
  rig = await createMdbConflictRig();
  ({ m1, m2 } = rig);
});

afterAll(async () => {
  await rig?.stop();
});

describe('MariaDB master-master conflicts: duplicate keys (1062)', () => {
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
});
