import { describe, expect, it } from 'vitest';
import { planPromotion, type PlanParts } from '../../../../../electron/drivers/mariadb/actions/plan';
import { parseGrants } from '../../../../../electron/drivers/mariadb/actions/privileges';
import { hostCovers } from '../../../../../electron/drivers/mariadb/actions/replication-grant';
import type { Result } from '../../../../../shared/result';
import { channel, gtids, reading, readView } from '../fixtures';
import { input, R1, R2 } from './plan-fixtures';

/** primary 3301 at 0-1-20; replicas 3302 (candidate) and 3303 (re-pointed). */
function trio(r2: Parameters<typeof reading>[1] = {}) {
  const at20 = { gtidBinlogPos: gtids('0-1-20'), gtidBinlogState: gtids('0-1-20'), gtidSlavePos: gtids('0-1-20'), gtidCurrentPos: gtids('0-1-20') };
  const replica = (port: number, o: Parameters<typeof reading>[1] = {}) => reading(port, { ...at20, readOnly: true, channels: [channel(3301, { gtidIoPos: gtids('0-1-20') })], ...o });
  return [readView(reading(3301, { ...at20, gtidSlavePos: [] })), readView(replica(3302)), readView(replica(3303, r2))];
}
const parts = (r: Result<PlanParts>): PlanParts => {
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};
const byId = (p: PlanParts, id: string) => p.checks.find((c) => c.id === id);
const opsGrants = parseGrants(['GRANT SLAVE MONITOR, PROCESS, REPLICATION SLAVE ADMIN, CONNECTION ADMIN, RELOAD, READ_ONLY ADMIN ON *.* TO `ops`@`127.0.0.1`']);

describe('MariaDB promotion pre-flight: the replication account (trial F1)', () => {
  it('blocks when the login replicas would use lacks REPLICATION SLAVE on the candidate, naming the exact GRANT', () => {
    const p = parts(planPromotion(input(trio(), { kind: 'switchover', target: R1 }, { replicationFromSpec: false, replicationGrants: { ok: true, grants: opsGrants } })));
    const c = byId(p, 'replication-grant');
    expect(c).toMatchObject({ ok: false, severity: 'blocker' });
    expect(c?.explanation).toContain("GRANT REPLICATION SLAVE ON *.* TO 'ops'@'127.0.0.1';");
  });

  it('passes once it holds it (directly or by ALL PRIVILEGES); warns when it could not be checked', () => {
    const withSlave = parseGrants(['GRANT REPLICATION SLAVE ON *.* TO `repl`@`%`']);
    const ok = parts(planPromotion(input(trio(), { kind: 'switchover', target: R1 }, { replicationGrants: { ok: true, grants: withSlave } })));
    expect(byId(ok, 'replication-grant')).toMatchObject({ ok: true });
    expect(byId(ok, 'replication-host')).toBeUndefined();
    const unread = parts(planPromotion(input(trio(), { kind: 'switchover', target: R1 }, { replicationGrants: { ok: false, reason: 'Access denied for user repl' } })));
    expect(byId(unread, 'replication-grant')).toMatchObject({ ok: false, severity: 'warning' });
    expect(byId(unread, 'replication-grant')?.explanation).toMatch(/could not check .*Access denied for user repl/);
  });

  it("warns when the account's host visibly does not match the replicas' hosts", () => {
    const narrow = parseGrants(['GRANT REPLICATION SLAVE ON *.* TO `repl`@`10.0.0.%`']);
    const p = parts(planPromotion(input(trio(), { kind: 'switchover', target: R1 }, { replicationGrants: { ok: true, grants: narrow } })));
    expect(byId(p, 'replication-host')).toMatchObject({ ok: false, severity: 'warning' });
    expect(byId(p, 'replication-host')?.explanation).toMatch(/'10\.0\.0\.%'.*127\.0\.0\.1/);
    expect(hostCovers('%', '10.1.2.3')).toBe(true);
    expect(hostCovers('10.0.0.%', '10.0.0.7')).toBe(true);
    expect(hostCovers('10.0.0.%', '10.0.1.7')).toBe(false);
    expect(hostCovers('localhost', '127.0.0.1')).toBe(true);
  });
});

describe('MariaDB promotion pre-flight: followers (trial F4)', () => {
  it('blocks a follower with an errant GTID under gtid_strict_mode, naming it; warns without strict mode', () => {
    const strict = parts(planPromotion(input(trio({ gtidBinlogState: gtids('0-1-20,0-3-7'), gtidStrictMode: true }), { kind: 'switchover', target: R1 })));
    expect(byId(strict, `follower:${R2}`)).toMatchObject({ ok: false, severity: 'blocker' });
    expect(byId(strict, `follower:${R2}`)?.explanation).toMatch(/errant GTID 0-3-7/);
    const loose = parts(planPromotion(input(trio({ gtidBinlogState: gtids('0-1-20,0-3-7'), gtidStrictMode: false }), { kind: 'switchover', target: R1 })));
    expect(byId(loose, `follower:${R2}`)).toMatchObject({ ok: false, severity: 'warning' });
  });

  it('warns about a follower whose SQL thread is stopped on an error, with the error', () => {
    const broken = { channels: [channel(3301, { gtidIoPos: gtids('0-1-20'), sqlRunning: 'No', lastSqlErrno: 1062, lastSqlError: "Duplicate entry '1' for key 'PRIMARY'" })] } as Parameters<typeof reading>[1];
    const p = parts(planPromotion(input(trio(broken), { kind: 'switchover', target: R1 })));
    expect(byId(p, `follower:${R2}`)).toMatchObject({ ok: false, severity: 'warning' });
    expect(byId(p, `follower:${R2}`)?.explanation).toMatch(/stopped on error 1062: Duplicate entry/);
    const fine = parts(planPromotion(input(trio(), { kind: 'switchover', target: R1 })));
    expect(byId(fine, `follower:${R2}`)).toMatchObject({ ok: true });
  });
});

describe('MariaDB plan: expected unavailability (trial F7/F9)', () => {
  it('estimates a switchover ~0.2 s from the MariaDB bench and says where it comes from', () => {
    const s = parts(planPromotion(input(trio(), { kind: 'switchover', target: R1 })));
    expect(s.expectedUnavailableMs).toBe(200);
    expect(byId(s, 'unavailability')?.explanation).toMatch(/measured on MariaDB 10\.11.*56–203 ms/);
  });
});

describe('MariaDB promotion pre-flight: writable replicas (trial F9)', () => {
  it('warns about a re-pointed replica with read_only = 0, and not about read-only ones', () => {
    const writable = parts(planPromotion(input(trio({ readOnly: false }), { kind: 'switchover', target: R1 })));
    expect(byId(writable, `writable:${R2}`)).toMatchObject({ ok: false, severity: 'warning' });
    expect(byId(writable, `writable:${R2}`)?.explanation).toContain('SET GLOBAL read_only = 1');
    const readOnly = parts(planPromotion(input(trio(), { kind: 'switchover', target: R1 })));
    expect(readOnly.checks.filter((c) => c.id.startsWith('writable:'))).toEqual([]);
  });
});
