import { describe, expect, it } from 'vitest';
import { describeHeartbeat, describePartition, describeSemiSync, formatPaused, formatRate, galeraNodeTrouble, gtidDomains, onOff } from '../../../renderer/features/mariadb/describe';
import { galeraNode } from './mariadb-fixtures';

describe('MariaDB wording', () => {
  it('GTID positions one domain a line; unknown switches are "—", never OFF', () => {
    expect(gtidDomains('0-1-42, 1-2-7')).toEqual(['0-1-42', '1-2-7']);
    expect(gtidDomains('')).toEqual(['(empty)']);
    expect([onOff(true), onOff(false), onOff(null)]).toEqual(['ON', 'OFF', '—']);
  });

  it('semi-sync: active with its replicas, fallen back, replica side, not read', () => {
    const master = (active: boolean, clients: number) => ({ master: { enabled: true, active, clients, timeoutMs: 500 }, slave: null });
    expect(describeSemiSync(master(true, 1))).toBe('primary side active, 1 replica acknowledging (timeout 500 ms)');
    expect(describeSemiSync(master(true, 2))).toContain('2 replicas acknowledging');
    expect(describeSemiSync(master(false, 0))).toContain('enabled but OFF');
    expect(describeSemiSync({ master: null, slave: { enabled: true, active: false } })).toBe('replica side enabled, not active');
    expect(describeSemiSync(null)).toBe('not read');
  });

  it('heartbeat: the lag, its source and age; or the note', () => {
    expect(describeHeartbeat({ lagMs: 1_500, sourceServerId: 7, measuredAt: 8_000, note: null }, 10_000)).toEqual({ text: '1.50 s behind server 7 · measured 2.0 s ago', note: null });
    expect(describeHeartbeat({ lagMs: null, sourceServerId: null, measuredAt: null, note: 'no SELECT on rd.heartbeat' }, 10_000)).toEqual({ text: '—', note: 'no SELECT on rd.heartbeat' });
    expect(describeHeartbeat(null, 0).text).toBe('not configured');
  });

  it('partitions: one component is whole; none Primary means no writes anywhere; two Primary is said', () => {
    const c = (...primary: boolean[]) => ({ components: primary.map((p, i) => ({ nodeIds: [`n${i}`], primary: p })), bootstrap: null });
    expect(describePartition(c(true))).toBeNull();
    expect(describePartition(c(true, false))).toBe('Partitioned into 2 components; only the Primary component takes writes.');
    expect(describePartition(c(false, false, false))).toBe('Partitioned into 3 components; no component has quorum: nothing takes writes.');
    expect(describePartition(c(true, true))).toContain('2 components claim Primary');
  });

  it('a Galera node in trouble says why; a synced Primary node is fine', () => {
    expect(galeraNodeTrouble(galeraNode())).toBeNull();
    expect(galeraNodeTrouble(galeraNode({ clusterStatus: 'non-Primary' }))).toMatch(/^non-Primary: /);
    expect(galeraNodeTrouble(galeraNode({ flowControlPaused: 0.5 }))).toContain('flow control');
    expect(galeraNodeTrouble(galeraNode({ localState: 'Joiner' }))).toBe('Joiner: not serving as a full member');
    expect([formatPaused(0.003), formatPaused(0.5), formatRate(null), formatRate(0), formatRate(2.345), formatRate(42.4)]).toEqual(['0.3 %', '50 %', '—', '0', '2.35', '42']);
  });
});
