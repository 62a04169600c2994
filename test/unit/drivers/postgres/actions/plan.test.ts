import { describe, expect, it } from 'vitest';
import { planPromotion, type PlanInput } from '../../../../../electron/drivers/postgres/actions/plan-promotion';
import { planFence, planRejoin } from '../../../../../electron/drivers/postgres/actions/plan-node';
import { PositionMemory } from '../../../../../electron/drivers/postgres/actions/position-memory';
import { connectedText, type NodeSettings } from '../../../../../electron/drivers/postgres/actions/preflight';
import type { NodeView } from '../../../../../electron/drivers/postgres/node-view';
import { ActionRequestSchema, type ActionRequest } from '../../../../../shared/model/action';
import { failed, NOW, primaryReading, sender, standbyReading, up } from '../fixtures';

const P = '127.0.0.1:5432';
const S1 = '127.0.0.1:5433';
const S2 = '127.0.0.1:5434';
const at = (port: number) => ({ host: '127.0.0.1', port });
const settings = (over: Partial<NodeSettings> = {}): NodeSettings => ({
  hints: true, checksums: false, maxSenders: 10, senders: 0, maxSlots: 10, slots: 0, slotName: '', timeline: 2, ...over,
});

function input(views: NodeView[], req: Partial<ActionRequest> & Pick<ActionRequest, 'kind' | 'target'>, opts: { host?: boolean; memory?: PositionMemory } = {}): PlanInput {
  const memory = opts.memory ?? new PositionMemory();
  return {
    request: ActionRequestSchema.parse({ clusterId: 'c', ...req }),
    views,
    settings: new Map(views.filter((v) => v.reading).map((v) => [v.id, settings()])),
    memory,
    endpointOf: (id) => ({ host: '127.0.0.1', port: Number(id.split(':')[1]) }),
    hostControls: () => opts.host ?? false,
    hostFacts: new Map(views.filter((v) => v.reading).map((v) => [v.id, { dataDirectory: `/var/lib/pg/${v.reading?.clusterName ?? ''} data`, port: Number(v.id.split(':')[1]), clusterName: v.reading?.clusterName ?? null }])),
    sourceOf: (id) => ({ host: '127.0.0.1', port: Number(id.split(':')[1]), user: "o'brien", database: 'postgres' }),
  };
}

const healthy = () => [
  up(P, primaryReading([sender('s1'), sender('s2')], { currentLsn: '0/5000000' })),
  up(S1, standbyReading('s1', at(5432))),
  up(S2, standbyReading('s2', at(5432))),
];
const failing = (p: ReturnType<typeof planPromotion>) => p.checks.filter((c) => !c.ok && c.severity === 'blocker').map((c) => c.id);
const ops = (p: ReturnType<typeof planPromotion>) => p.steps.map((s) => `${s.op}@${s.node}`);

describe('switchover plans', () => {
  it('passes a healthy candidate and gives SQL-only steps without an agent, then the manual rejoin runbook for this cluster', () => {
    const p = planPromotion(input(healthy(), { kind: 'switchover', target: S1 }), 'switchover');
    expect(failing(p)).toEqual([]);
    expect(ops(p)).toEqual([
      `verify@${S1}`, `fence@${P}`, `wait-caught-up@${S1}`, `promote@${S1}`, `wait-writable@${S1}`, `repoint@${S2}`, `wait-streaming@${S2}`,
      `manual-checkpoint@${S1}`, `manual-stop@${P}`, `manual-rewind@${P}`, `manual-config@${P}`, `manual-standby-signal@${P}`, `manual-start@${P}`,
    ]);
    expect(p.steps.filter((s) => s.manual).map((s) => s.op)).toEqual(['manual-checkpoint', 'manual-stop', 'manual-rewind', 'manual-config', 'manual-standby-signal', 'manual-start']);
    const rejoin = p.checks.find((c) => c.id === 'rejoin');
    expect(rejoin).toMatchObject({ ok: false, severity: 'warning' });
    expect(rejoin?.explanation).toMatch(/^ReplicaDesk cannot finish this switchover: no agent on primary's host.*6 manual steps.*"done, 6 manual steps left".*streams from s1$/);
    const cmd = (op: string) => p.steps.find((s) => s.op === op)?.command;
    const src = String.raw`'host=127.0.0.1 port=5433 user='\''o\'\''brien'\'' dbname=postgres'`;
    expect(cmd('manual-checkpoint')).toBe(`psql ${src} -c CHECKPOINT`);
    expect(cmd('manual-rewind')).toBe(`pg_rewind --target-pgdata='/var/lib/pg/primary data' --source-server=${src} -R`);
    expect(cmd('manual-config')).toBe(String.raw`printf '%s\n' 'port = 5432' 'cluster_name = '\''primary'\''' >> '/var/lib/pg/primary data/postgresql.auto.conf'`);
    expect(cmd('manual-start')).toBe(`mkdir -p '/var/lib/pg/primary data/log' && pg_ctl start -w -D '/var/lib/pg/primary data' -l '/var/lib/pg/primary data/log/pg_ctl-start.log'`);
    expect(p.steps.find((s) => s.op === 'fence')?.title).toBe(`Fence primary (${P}): refuse writes, end sessions`);
    expect(p.rejoin).toEqual({ nodeId: P, fromId: S1 });
    expect(p.expectedDataLossBytes).toBe(0);
    expect(p.expectedUnavailableMs).toBe(1_000);
    expect(p.steps.find((s) => s.op === 'fence')?.command).toMatch(/default_transaction_read_only = on.*pg_reload_conf.*pg_terminate_backend/);
  });

  it('the connected check gives the clock time of the reading and age, not an ISO timestamp', () => {
    const p = planPromotion(input(healthy(), { kind: 'switchover', target: S1 }), 'switchover');
    const text = p.checks.find((c) => c.id === 'connected')?.explanation ?? '';
    expect(text).toMatch(/^connected; read at \d\d:\d\d:\d\d\.\d{3} \(\d+(\.\d)? m?s ago\)$/);
    expect(text).not.toMatch(/T\d\d:|Z\b/);
    expect(connectedText(new Date(2026, 0, 1, 5, 48, 57, 187).getTime(), new Date(2026, 0, 1, 5, 48, 58, 687).getTime())).toBe('connected; read at 05:48:57.187 (1.5 s ago)');
  });

  it('stops, rewinds and rejoins the old primary when its host has the agent', () => {
    const p = planPromotion(input(healthy(), { kind: 'switchover', target: S1 }, { host: true }), 'switchover');
    expect(ops(p)).toEqual([
      `verify@${S1}`, `fence@${P}`, `host-stop@${P}`, `wait-caught-up@${S1}`, `promote@${S1}`, `wait-writable@${S1}`,
      `repoint@${S2}`, `wait-streaming@${S2}`, `checkpoint@${S1}`, `rewind@${P}`, `standby-config@${P}`, `host-start@${P}`, `wait-streaming@${P}`,
    ]);
  });

  it('refuses a lagging candidate in plain words', () => {
    const views = healthy();
    views[1] = up(S1, standbyReading('s1', at(5432), { receiveLsn: '0/4200000', replayLsn: '0/4200000' }));
    const p = planPromotion(input(views, { kind: 'switchover', target: S1 }), 'switchover');
    expect(p.checks.find((c) => c.id === 'lag-bytes')).toEqual({ id: 'lag-bytes', ok: false, severity: 'blocker', explanation: 'lag 14.0 MB > 1.0 MB limit' });
    expect(p.checks.find((c) => c.id === 'rank')?.explanation).toMatch(/ranked 2 of 2/);
  });

  it('a candidate tied with the best receive position is tied first, not "ranked 2: received more"', () => {
    const views = healthy();
    views[1] = up(S1, standbyReading('s1', at(5433), { receiveLsn: '0/5000000', replayLsn: '0/5000000' }));
    views[2] = up(S2, standbyReading('s2', at(5434), { receiveLsn: '0/5000000', replayLsn: '0/5000000' }));
    for (const target of [S1, S2]) {
      const rank = planPromotion(input(views, { kind: 'switchover', target }), 'switchover').checks.find((c) => c.id === 'rank');
      expect(rank?.ok, target).toBe(true);
      expect(rank?.explanation).toMatch(/^(ranked|tied) first of \d+ by receive position 0\/5000000/);
    }
  });

  it('refuses paused replay, an apply delay, another timeline and too few WAL senders', () => {
    const views = healthy();
    const r = standbyReading('s1', at(5432), { replayPaused: true, minApplyDelay: '5min' });
    views[1] = up(S1, { ...r, receiver: r.receiver && { ...r.receiver, receivedTli: 1 } });
    const i = input(views, { kind: 'switchover', target: S1 });
    (i.settings as Map<string, NodeSettings>).set(S1, settings({ maxSenders: 1, senders: 1 }));
    const p = planPromotion(i, 'switchover');
    expect(failing(p)).toEqual(['timeline', 'replay-paused', 'apply-delay', 'wal-senders']);
    expect(p.checks.find((c) => c.id === 'apply-delay')?.explanation).toMatch(/recovery_min_apply_delay is 5min/);
  });

  it('refuses a standby that is not streaming from the primary', () => {
    const views = healthy();
    const r = standbyReading('s1', at(5432));
    views[1] = up(S1, { ...r, receiver: r.receiver && { ...r.receiver, status: 'waiting' } });
    const p = planPromotion(input(views, { kind: 'switchover', target: S1 }), 'switchover');
    expect(p.checks.find((c) => c.id === 'streaming')?.explanation).toBe('not streaming from the primary: its WAL receiver is waiting');
  });
});

describe('failover plans', () => {
  function deadPrimary(s1Lsn: string, s2Lsn: string) {
    const memory = new PositionMemory();
    const primary = primaryReading([sender('s1'), sender('s2')], { currentLsn: '0/6000000' });
    memory.remember([up(P, primary)], NOW - 5_000);
    const standby = (name: string, lsn: string) => ({ ...standbyReading(name, at(5432), { receiveLsn: lsn, replayLsn: lsn }), receiver: null });
    const views = [failed(P, primary, null), up(S1, standby('s1', s1Lsn)), up(S2, standby('s2', s2Lsn))];
    return { memory, views };
  }

  it('picks the most advanced standby for "auto", reports the loss against the last known primary position, and fences the old one', () => {
    const { memory, views } = deadPrimary('0/5000000', '0/5F00000');
    const p = planPromotion(input(views, { kind: 'failover', target: 'auto', maxLagBytes: 64 << 20 }, { memory }), 'failover');
    expect(p.target).toBe(S2);
    expect(failing(p)).toEqual([]);
    expect(p.expectedDataLossBytes).toBe(0x100000);
    expect(p.expectedUnavailableMs).toBe(400);
    expect(ops(p)).toEqual([
      `verify@${S2}`, `promote@${S2}`, `wait-writable@${S2}`, `repoint@${S1}`, `wait-streaming@${S1}`, `fence-reminder@${P}`,
      `manual-checkpoint@${S2}`, `manual-stop@${P}`, `manual-rewind@${P}`, `manual-config@${P}`, `manual-standby-signal@${P}`, `manual-start@${P}`,
    ]);
    expect(p.checks.find((c) => c.id === 'fence-before-return')?.explanation).toMatch(/is gone, not fenced: it is fenced the moment it answers/);
    // The old primary is down: its data directory was never read, so the runbook says so instead of guessing.
    expect(p.steps.find((s) => s.op === 'manual-rewind')?.command).toMatch(/^pg_rewind --target-pgdata=<data directory of primary: this login may not read data_directory/);
    // Numbers say where they come from: the time of the last reading of the primary, and writes down since the primary stopped answering.
    // "Stopped answering" is the first failed read (the node's down status since), not its last good reading.
    expect(p.expectedDataLoss).toEqual({ bytes: 0x100000, nodeId: P, measuredAt: NOW, lastContactAt: views[0]?.failingSince });
    expect(views[0]?.failingSince).not.toBe(views[0]?.lastSeenAt);
    expect(p.writesDownSince).toBe(views[0]?.failingSince ?? views[0]?.lastSeenAt);
    expect(p.writesDownSince).not.toBeNull();
  });

  it('refuses a candidate another standby is ahead of, and one that would lose too much', () => {
    const { memory, views } = deadPrimary('0/5000000', '0/5F00000');
    const p = planPromotion(input(views, { kind: 'failover', target: S1 }, { memory }), 'failover');
    expect(failing(p)).toEqual(['lag-bytes', `follows:${S2}`]);
    expect(p.checks.find((c) => c.id === 'lag-bytes')?.explanation).toBe('would lose 16.0 MB (last known primary position 0/6000000) > 1.0 MB limit');
    expect(p.checks.find((c) => c.id === `follows:${S2}`)?.explanation).toMatch(/has received 15.0 MB more than the candidate/);
  });

  it('refuses a failover while the primary answers', () => {
    const p = planPromotion(input(healthy(), { kind: 'failover', target: S1 }), 'failover');
    expect(p.checks.find((c) => c.id === 'primary')?.explanation).toMatch(/answers as a primary: use switchover/);
  });
});

describe('fence, unfence and rejoin plans', () => {
  it('fences a primary by SQL and refuses a standby', () => {
    const views = healthy();
    expect(planFence(input(views, { kind: 'fence', target: P }), 'fence').steps.map((s) => s.op)).toEqual(['fence']);
    const standby = planFence(input(views, { kind: 'fence', target: S1 }), 'fence');
    expect(standby.checks.find((c) => c.id === 'primary')).toMatchObject({ ok: false, explanation: 'is a standby: standbys refuse writes already' });
  });

  it('warns before fencing the only writable primary, not one of two (split brain)', () => {
    const only = planFence(input(healthy(), { kind: 'fence', target: P }), 'fence');
    expect(only.checks.find((c) => c.id === 'only-writable-primary')).toMatchObject({
      ok: false, severity: 'warning', explanation: expect.stringMatching(/is the only writable primary: fencing it stops all writes to the cluster$/),
    });
    const split = [up(P, primaryReading([])), up(S1, primaryReading([]))];
    expect(planFence(input(split, { kind: 'fence', target: P }), 'fence').checks.find((c) => c.id === 'only-writable-primary')).toMatchObject({ ok: true });
  });

  it('blocks unfencing the old side: another primary is on a newer timeline (trial 21); the newest may be unfenced', () => {
    const views = [
      up(P, primaryReading([], { readOnly: true, clusterName: 'n1', walFile: '000000010000000000000005' })),
      up(S1, primaryReading([], { readOnly: true, clusterName: 'n2', walFile: '000000020000000000000006' })),
    ];
    const old = planFence(input(views, { kind: 'unfence', target: P }), 'unfence');
    expect(old.checks.find((c) => c.id === 'newest-timeline')).toMatchObject({
      ok: false, severity: 'blocker', explanation: expect.stringMatching(/^n2 is a primary on timeline 2, newer than this node's 1: this node is the old side/),
    });
    expect(planFence(input(views, { kind: 'unfence', target: S1 }), 'unfence').checks.find((c) => c.id === 'newest-timeline')).toMatchObject({ ok: true });
  });

  it('needs the agent to rejoin, and follows the writable primary', () => {
    const views = [up(P, primaryReading([], { walFile: '000000010000000000000005' })), up(S1, primaryReading([], { walFile: '000000030000000000000005' }))];
    const without = planRejoin(input(views, { kind: 'rejoin', target: P }));
    expect(without.checks.find((c) => c.id === 'agent')).toMatchObject({ ok: false, explanation: expect.stringMatching(/needs the agent on that host/) });
    const withAgent = planRejoin(input(views, { kind: 'rejoin', target: P }, { host: true }));
    expect(withAgent.checks.filter((c) => !c.ok)).toEqual([]);
    expect(withAgent.steps.map((s) => `${s.op}@${s.node}`)).toEqual([`checkpoint@${S1}`, `host-stop@${P}`, `rewind@${P}`, `standby-config@${P}`, `host-start@${P}`, `wait-streaming@${P}`]);
  });
});

describe('cascading standbys', () => {
  it('are left on their upstream standby, which carries them onto the new timeline', () => {
    const S3 = '127.0.0.1:5435';
    const views = [...healthy(), up(S3, standbyReading('s3', at(5434)))];
    const p = planPromotion(input(views, { kind: 'switchover', target: S1 }), 'switchover');
    expect(p.steps.filter((s) => s.op === 'repoint').map((s) => s.node)).toEqual([S2]);
  });
});
