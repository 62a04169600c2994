import { describe, expect, it } from 'vitest';
import { logProblem } from '../../../../electron/drivers/postgres/pglogical/log-reader';
import { applyPglTopology, linkState } from '../../../../electron/drivers/postgres/pglogical/mesh-sample';
import { isResolution } from '../../../../electron/drivers/postgres/pglogical/policy';
import { keptSide, kindOf, ruleText } from '../../../../electron/drivers/postgres/pglogical/rule';
import { endpointOf } from '../../../../electron/drivers/postgres/pglogical/topology';
import type { PglConflictLine } from '../../../../electron/drivers/postgres/pglogical/conflict-log';
import type { ClusterSample } from '../../../../shared/model/sample';

const side = (t: string) => ({ text: 'id[int4]:1', origin: 0, committedText: `2026-12-07 ${t}+00`, committedAt: Date.parse(`2026-12-07T${t}Z`) });
const line = (over: Partial<PglConflictLine> = {}): PglConflictLine => ({
  at: 0, severity: 'LOG', op: 'UPDATE', relationText: 'public.items', notFound: false, outcome: 'apply_remote',
  local: side('03:12:04.498000'), remote: { ...side('03:12:04.512000'), origin: 1 }, commitLsn: '0/1', subscriptionId: 7, message: '', ...over,
});

describe('pglogical rule and kinds', () => {
  it('words the rule as the issue asks', () => {
    expect(ruleText(line(), 'last_update_wins', 'n1')).toBe('last_update_wins: remote committed 03:12:04.512 > local 03:12:04.498');
    expect(ruleText(line({ outcome: 'keep_local' }), 'last_update_wins', 'n1')).toContain('the policy was different');
    expect(ruleText(line({ notFound: true, op: 'DELETE', local: null }), 'last_update_wins', 'n2')).toContain('not found on n2');
  });
  it('shows microseconds when the milliseconds tie', () => {
    const l = line({ local: side('03:12:04.512001'), remote: { ...side('03:12:04.512009'), origin: 1 } });
    expect(ruleText(l, 'first_update_wins', 'n1')).toContain('03:12:04.512009 > local 03:12:04.512001');
  });
  it('maps lines to kinds and kept sides', () => {
    expect(kindOf(line({ op: 'INSERT' }))).toBe('insert-insert');
    expect(kindOf(line({ notFound: true }))).toBe('update-delete');
    expect(kindOf(line({ notFound: true, op: 'DELETE' }))).toBe('delete-delete');
    expect(keptSide(line({ outcome: 'skip' }))).toBe('local');
    expect(keptSide(line({ outcome: null }))).toBeNull();
  });
});

describe('pglogical policy values', () => {
  it('accepts only the fixed values', () => {
    expect(isResolution('last_update_wins')).toBe(true);
    expect(isResolution("x'; DROP TABLE t; --")).toBe(false);
  });
});

describe('pglogical log readability', () => {
  const ok = { can: true, dest: 'stderr,jsonlog', collector: 'on', min: 'warning', level: 'log', who: 'mon' };
  it('names the exact grant or setting', () => {
    expect(logProblem(ok)).toBeNull();
    expect(logProblem({ ...ok, can: false })?.text).toContain('GRANT EXECUTE ON FUNCTION pg_read_file(text, bigint, bigint) TO mon;');
    expect(logProblem({ ...ok, can: false, who: 'Mon' })?.text).toContain('TO "Mon";');
    expect(logProblem({ ...ok, dest: 'stderr' })?.code).toBe('no-jsonlog');
    expect(logProblem({ ...ok, level: 'notice' })?.text).toContain("pglogical.conflict_log_level = notice is below log_min_messages = warning");
  });
});

describe('pglogical mesh sample', () => {
  const node = (id: string) => ({ id, name: id, address: id, role: 'primary' as const, status: { kind: 'up' as const }, version: '15', lastSeenAt: 0 });
  const sample: ClusterSample = { clusterId: 'c', takenAt: 0, durationMs: 0, nodes: [node('a'), node('b')], links: [], slots: [], consensus: null, queriesPerNode: 1, warnings: ['split brain: a and b all accept writes'] };
  const top = (local: string, provider: string, status: string) => ({
    localNode: local,
    nodes: [],
    subscriptions: [{ name: `sub_${local}`, status, providerNode: provider, slotName: `slot_${local}`, replicationSets: ['default'], forwardOrigins: [] }],
    slots: [{ slotName: `slot_${provider}`, active: true, currentLsn: '0/200', sentLsn: '0/200', confirmedFlushLsn: '0/100', writeLagMs: null, flushLagMs: null, replayLagMs: null }],
  });
  it('makes peers, links with the provider slot’s lag, and flags a down subscription', () => {
    const out = applyPglTopology(sample, new Map([['a', top('n1', 'n2', 'replicating')], ['b', top('n2', 'n1', 'down')]]), (n) => (n === 'n1' ? 'a' : n === 'n2' ? 'b' : null), 5);
    expect(out.nodes.map((n) => n.role)).toEqual(['peer', 'peer']);
    expect(out.warnings.some((w) => w.startsWith('split brain'))).toBe(false);
    expect(out.warnings).toContain('pglogical subscription sub_n2 on n2 (from n1) is down');
    const ab = out.links.find((l) => l.from === 'b' && l.to === 'a')!;
    expect(ab.state).toBe('streaming');
    expect(ab.lag.bytes.flush).toBe(256);
    expect(linkState('disabled')).toBe('stopped');
  });
  it('reads host and port of a DSN, never more', () => {
    expect(endpointOf("host=10.0.0.5 port=5433 password='x y' dbname=postgres")).toEqual({ host: '10.0.0.5', port: 5433 });
    expect(endpointOf('not a dsn ===')).toEqual({ host: null, port: null });
  });
});
