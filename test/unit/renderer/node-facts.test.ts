import { describe, expect, it } from 'vitest';
import { buildSample } from '../../../electron/drivers/postgres/build-sample';
import { describeReadOnly, yesNo } from '../../../renderer/features/nodes/describe';
import { failed, NOW, primaryReading, sender, standbyReading, up } from '../drivers/postgres/fixtures';

const P = '127.0.0.1:5432';
const S1 = '127.0.0.1:5433';

describe('node detail facts of a node not read (F7)', () => {
  it('a down standby and a stopped fenced old primary show "—" for read-only and replay paused, never "no"', () => {
    const s = buildSample({
      clusterId: 'c', takenAt: NOW, now: NOW, queriesPerNode: 1, ghostMemory: () => ({ since: NOW, probeNote: null }),
      views: [failed(P, primaryReading([], { readOnly: true }), null), failed(S1, standbyReading('s1', { host: '127.0.0.1', port: 5432 }), P)],
    }).sample;
    const standby = s.nodes.find((n) => n.id === S1)!;
    const old = s.nodes.find((n) => n.id === P)!;
    expect([standby.role, describeReadOnly(standby), yesNo(standby.replayPaused), standby.startedAt]).toEqual(['replica', '—', '—', null]);
    expect([old.role, describeReadOnly(old)]).toEqual(['primary', '—']);
  });

  it('a node read now shows its facts', () => {
    const s = buildSample({
      clusterId: 'c', takenAt: NOW, now: NOW, queriesPerNode: 1, ghostMemory: () => ({ since: NOW, probeNote: null }),
      views: [up(P, primaryReading([sender('s1')], { readOnly: true })), up(S1, standbyReading('s1', { host: '127.0.0.1', port: 5432 }))],
    }).sample;
    expect(describeReadOnly(s.nodes.find((n) => n.id === P)!)).toBe('yes (fenced)');
    expect(describeReadOnly(s.nodes.find((n) => n.id === S1)!)).toBe('yes (in recovery)');
    expect(yesNo(s.nodes.find((n) => n.id === S1)!.replayPaused)).toBe('no');
  });

  it('unknown read-only is "—" whatever the last known role', () => {
    expect(describeReadOnly({ role: 'replica' })).toBe('—');
    expect(describeReadOnly({ role: 'primary', readOnly: false, fenced: false })).toBe('no');
  });
});
