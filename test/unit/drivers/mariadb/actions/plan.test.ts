import { describe, expect, it } from 'vitest';
import { planPromotion, type PlanParts } from '../../../../../electron/drivers/mariadb/actions/plan';
import { parseGrants } from '../../../../../electron/drivers/mariadb/actions/privileges';
import type { Result } from '../../../../../shared/result';
import { channel, failedView, gtids, reading, readView } from '../fixtures';
import { CH, input, P, R1, R2 } from './plan-fixtures';

/** primary 3301 (at 0-1-20), replica1 and replica2 under it, chained under replica1. */
function chain(over: { r1?: Parameters<typeof reading>[1]; r2?: Parameters<typeof reading>[1]; primaryDown?: boolean } = {}) {
  const at20 = { gtidBinlogPos: gtids('0-1-20'), gtidBinlogState: gtids('0-1-20'), gtidSlavePos: gtids('0-1-20'), gtidCurrentPos: gtids('0-1-20') };
  const primary = reading(3301, { ...at20, gtidSlavePos: [], binlog: { file: 'mariadb-bin.000001', position: 5000 } });
  const replica = (port: number, o: Parameters<typeof reading>[1] = {}) => reading(port, { ...at20, readOnly: true, channels: [channel(3301, { gtidIoPos: gtids('0-1-20'), readMasterLogPos: 5000, execMasterLogPos: 5000 })], ...o });
  return [
    over.primaryDown ? failedView(3301, primary) : readView(primary),
    readView(replica(3302, over.r1)),
    readView(replica(3303, over.r2)),
    readView(reading(3304, { ...at20, readOnly: true, channels: [channel(3302, { gtidIoPos: gtids('0-1-20') })] })),
  ];
}

const parts = (r: Result<PlanParts>): PlanParts => {
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};
const failing = (p: PlanParts) => p.checks.filter((c) => !c.ok).map((c) => `${c.severity} ${c.id}`);
const ops = (p: PlanParts) => p.steps.map((s) => `${s.op} ${s.node}${s.peer ? ` ${s.peer}` : ''}`);

describe('MariaDB switchover plan', () => {
  it('fences the old primary, waits by GTID, promotes, rejoins the old primary and re-points the other replica; the chained replica follows its upstream', () => {
    const p = parts(planPromotion(input(chain(), { kind: 'switchover', target: R1 })));
    expect(p.target).toBe(R1);
    expect(ops(p)).toEqual([`verify ${R1} ${P}`, `fence ${P}`, `wait-caught-up ${R1} ${P}`, `promote ${R1} ${P}`, `rejoin-old ${P} ${R1}`, `repoint ${R2} ${R1}`]);
    expect(failing(p)).toEqual([]);
    expect(p.checks.find((c) => c.id === 'chained')?.explanation).toMatch(/host-3304:3304 keeps replicating from its upstream/);
    expect(p.expectedDataLossBytes).toBe(0);
    expect(p.rejoin).toBeNull();
    expect(p.steps.find((s) => s.op === 'repoint')?.command).toMatch(/MASTER_USER = 'repl', MASTER_PASSWORD = '<replication password>', MASTER_USE_GTID = slave_pos/);
  });

  it("'auto' picks the replica with the fewest transactions missing", () => {
    const p = parts(planPromotion(input(chain({ r1: { gtidSlavePos: gtids('0-1-17'), gtidBinlogPos: gtids('0-1-17'), gtidCurrentPos: gtids('0-1-17') } }), { kind: 'switchover', target: 'auto' })));
    expect(p.target).toBe(R2);
  });

  it('blocks a candidate with errant GTIDs, naming them', () => {
    const p = parts(planPromotion(input(chain({ r2: { gtidBinlogState: gtids('0-1-20,0-3-4') } }), { kind: 'switchover', target: R2 })));
    const errant = p.checks.find((c) => c.id === `errant:${R2}`);
    expect(errant).toMatchObject({ ok: false, severity: 'blocker' });
    expect(errant?.explanation).toMatch(/errant GTIDs 0-3-4 that host-3301:3301 never had/);
  });

  it('blocks a candidate without log_slave_updates, and one that lags beyond the limit', () => {
    const p = parts(planPromotion(input(chain({ r1: { logSlaveUpdates: false, channels: [channel(3301, { secondsBehindMaster: 60 })] } }), { kind: 'switchover', target: R1 })));
    expect(failing(p)).toEqual(expect.arrayContaining([`blocker binlog:${R1}`, 'blocker lag']));
    expect(p.checks.find((c) => c.id === `binlog:${R1}`)?.explanation).toMatch(/log_slave_updates is OFF/);
  });

  it('names the exact GRANT for what the login lacks, per server', () => {
    const limited = parseGrants(["GRANT SUPER, PROCESS, SLAVE MONITOR ON *.* TO `ops`@`10.0.0.%`"]);
    const p = parts(planPromotion(input(chain(), { kind: 'switchover', target: R1 }, { grants: limited })));
    const old = p.checks.find((c) => c.id === `privileges:${P}`);
    // SUPER covers CONNECTION ADMIN and REPLICATION SLAVE ADMIN, but not READ_ONLY ADMIN in 10.11.
    expect(old).toMatchObject({ ok: false, severity: 'blocker' });
    expect(old?.explanation).toContain("run GRANT READ_ONLY ADMIN ON *.* TO 'ops'@'10.0.0.%';");
    expect(p.checks.find((c) => c.id === `privileges:${R2}`)?.ok).toBe(true);
  });

  it('warns about READ_ONLY ADMIN holders and a missing replication account', () => {
    const p = parts(planPromotion(input(chain(), { kind: 'switchover', target: R1 }, { admins: ["'root'@'localhost'"], replicationFromSpec: false })));
    expect(p.checks.find((c) => c.id === 'read-only-admin')).toMatchObject({ ok: false, severity: 'warning' });
    expect(p.checks.find((c) => c.id === 'read-only-admin')?.explanation).toMatch(/'root'@'localhost'/);
    expect(p.checks.find((c) => c.id === 'replication-account')?.explanation).toMatch(/monitoring account 'rd'/);
  });

  it('blocks a switchover when the primary does not answer, and refuses chained or primary targets', () => {
    expect(failing(parts(planPromotion(input(chain({ primaryDown: true }), { kind: 'switchover', target: R1 }))))).toContain('blocker old-primary');
    expect(planPromotion(input(chain(), { kind: 'switchover', target: CH }))).toMatchObject({ ok: false, code: 'not-supported' });
    expect(planPromotion(input(chain(), { kind: 'switchover', target: P }))).toMatchObject({ ok: false, code: 'not-a-replica' });
    expect(planPromotion(input(chain(), { kind: 'switchover', target: '127.0.0.1:9' }))).toMatchObject({ ok: false, code: 'unknown-node' });
  });

  it('refuses master-master', () => {
    const m1 = readView(reading(3301, { channels: [channel(3302)] }));
    const m2 = readView(reading(3302, { channels: [channel(3301)] }));
    expect(planPromotion(input([m1, m2], { kind: 'switchover', target: R1 }))).toMatchObject({ ok: false, code: 'not-supported' });
  });
});

describe('MariaDB failover plan', () => {
  const behind = (seq: number) => ({ channels: [channel(3301, { ioRunning: 'Connecting', gtidIoPos: gtids(`0-1-${seq}`), readMasterLogPos: 4000 + seq })], gtidSlavePos: gtids(`0-1-${seq - 1}`), gtidCurrentPos: gtids(`0-1-${seq - 1}`), gtidBinlogPos: gtids(`0-1-${seq - 1}`) });

  it("picks the replica that received most, shows the GTIDs it lacks of the dead primary's last reading, owes the fence and a manual rejoin", () => {
    const p = parts(planPromotion(input(chain({ primaryDown: true, r1: behind(19), r2: behind(16) }), { kind: 'failover', target: 'auto' })));
    expect(p.target).toBe(R1);
    expect(ops(p)).toEqual([`verify ${R1} ${P}`, `drain-relay ${R1} ${P}`, `promote ${R1}`, `repoint ${R2} ${R1}`, `fence-reminder ${P}`, `manual-rejoin ${P} ${R1}`]);
    expect(p.steps.find((s) => s.op === 'manual-rejoin')?.manual).toBe(true);
    const loss = p.checks.find((c) => c.id === 'expected-loss');
    expect(loss).toMatchObject({ ok: false, severity: 'warning' });
    expect(loss?.explanation).toMatch(/lacks 0-1-20 \(1\) of the last known position '0-1-20' \(host-3301:3301's @@gtid_binlog_pos '0-1-20' at/);
    expect(p.expectedDataLoss).toMatchObject({ bytes: 5000 - 4019, nodeId: P });
    expect(p.writesDownSince).toBeGreaterThan(0);
    expect(p.rejoin).toEqual({ nodeId: P, fromId: R1 });
    // The dead primary's READ_ONLY ADMIN holders cannot be listed.
    expect(failing(p)).toEqual(['warning expected-loss', 'warning read-only-admin']);
  });

  it('blocks a candidate another replica is ahead of, and says a better one exists', () => {
    const p = parts(planPromotion(input(chain({ primaryDown: true, r1: behind(19), r2: behind(16) }), { kind: 'failover', target: R2 })));
    expect(failing(p)).toEqual(expect.arrayContaining(['warning best-candidate', `blocker follower:${R1}`]));
    expect(p.checks.find((c) => c.id === 'expected-loss')?.explanation).toMatch(/0-1-17…0-1-20 \(4\)/);
  });

  it('places a primary that died before it was read again by what its replicas say now (no phantom master-master)', () => {
    // Its last reading is from before a switchover made it primary: it still had a channel from replica1.
    const stale = reading(3301, { channels: [channel(3302)] });
    const views = chain({ primaryDown: true, r1: behind(19), r2: behind(19) });
    views[0] = failedView(3301, stale);
    const p = parts(planPromotion(input(views, { kind: 'failover', target: 'auto' })));
    expect([R1, R2]).toContain(p.target);
    expect(p.steps.some((s) => s.op === 'fence-reminder' && s.node === P)).toBe(true);
  });

  it("counts what the replicas received after the dead primary's last reading: no false errant GTIDs, the loss against the furthest replica", () => {
    // Read last as a replica (state 0-1-20), it then wrote 0-3301-21…25 as primary before it died.
    const stale = reading(3301, { gtidBinlogPos: gtids('0-1-20'), gtidBinlogState: gtids('0-1-20'), channels: [] });
    const got = (applied: number, received: number) => ({
      channels: [channel(3301, { ioRunning: 'Connecting', gtidIoPos: gtids(`0-3301-${received}`) })],
      gtidSlavePos: gtids(`0-3301-${applied}`),
      gtidBinlogPos: gtids(`0-3301-${applied}`),
      gtidBinlogState: gtids(`0-1-20,0-3301-${applied}`),
    });
    const views = chain({ r1: got(24, 25), r2: got(23, 23) });
    views[0] = failedView(3301, stale);
    const auto = parts(planPromotion(input(views, { kind: 'failover', target: 'auto' })));
    expect(auto.target).toBe(R1);
    expect(failing(auto)).toEqual(['warning read-only-admin']);
    const r2 = parts(planPromotion(input(views, { kind: 'failover', target: R2 })));
    expect(r2.checks.find((c) => c.id === `errant:${R2}`)?.ok).toBe(true);
    expect(r2.checks.find((c) => c.id === 'expected-loss')?.explanation).toMatch(/lacks 0-3301-24…0-3301-25 \(2\) of the last known position '0-3301-25'/);
    expect(failing(r2)).toEqual(expect.arrayContaining([`blocker follower:${R1}`, 'warning best-candidate']));
  });

  it('blocks a failover while the primary answers', () => {
    const p = parts(planPromotion(input(chain(), { kind: 'failover', target: R1 })));
    expect(p.checks.find((c) => c.id === 'old-primary')?.explanation).toMatch(/switch over instead/);
    expect(failing(p)).toContain('blocker old-primary');
  });
});
