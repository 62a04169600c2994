import { describe, expect, it } from 'vitest';
import { AlertBook, type AlertChange } from '../../../electron/core/alerts/alert-book';
import { sampleObservations } from '../../../electron/core/alerts/rules-sample';
import { slackText, webhookBody } from '../../../electron/core/alerts/senders/webhook';
import { RuleLimitsSchema } from '../../../shared/ipc/alerts';
import type { ClusterHeadline } from '../../../shared/model/cluster-state';
import type { ClusterSample } from '../../../shared/model/sample';
import { node } from '../../support/fake-driver';

const limits = RuleLimitsSchema.parse({});
const cluster = { id: 'c1', name: 'prod' };
const down: ClusterHeadline = {
  clusterId: 'c1', state: 'primary-down', title: 'primary primary down', since: 0, asOf: 0, nodes: ['primary'], nodeIds: ['a:1'],
  suggestion: { kind: 'failover', target: 'b:1', text: 'fail over to standby1' },
} as ClusterHeadline;
const healthy: ClusterHeadline = { ...down, state: 'healthy', title: 'healthy', nodes: [], nodeIds: [], suggestion: null };
function sample(primaryUp: boolean): ClusterSample {
  const p = node('a:1', 'primary');
  const n = { ...p, name: 'primary', status: primaryUp ? p.status : { kind: 'unreachable', since: 0, reason: 'refused' } } as ClusterSample['nodes'][number];
  return { clusterId: 'c1', takenAt: 1, durationMs: 1, nodes: [n], links: [], slots: [], consensus: null, queriesPerNode: 1, warnings: [] };
}

describe('a resolution says what cleared', () => {
  it('Slack and JSON resolutions name the primary that answers again and drop the firing advice; no doubled "primary primary"', () => {
    const changes: AlertChange[] = [];
    const book = new AlertBook((c) => changes.push(c));
    book.apply('sample', cluster, sampleObservations(sample(false), down, limits), 1_000, null);
    book.apply('sample', cluster, sampleObservations(sample(true), healthy, limits), 2_000, null);
    expect(changes.map((c) => c.kind)).toEqual(['firing', 'resolved']);
    expect(changes[0]!.alert.summary).toBe('primary down; fail over to standby1');
    const resolved = slackText([changes[1]!]);
    expect(resolved).toBe('[RESOLVED] primary-down (prod / primary): primary answers again');
    expect(resolved).not.toMatch(/fail over/);
    const json = webhookBody([changes[1]!]) as { alerts: { summary: string; status: string }[] };
    expect(json.alerts[0]).toMatchObject({ status: 'resolved', summary: 'primary answers again' });
  });

  it('a rule without its own resolution text says which condition cleared', () => {
    const changes: AlertChange[] = [];
    const book = new AlertBook((c) => changes.push(c));
    const o = { key: 'k', rule: 'conflict-opened' as const, severity: 'warning' as const, nodeId: null, node: null, summary: '2 open replication conflicts; resolve them', clearsWhen: 'every conflict is resolved' };
    book.apply('conflicts', cluster, [{ ...o, raise: true, clear: false }], 1, null);
    book.apply('conflicts', cluster, [{ ...o, raise: false, clear: true }], 2, null);
    expect(changes[1]!.alert.summary).toBe('cleared: every conflict is resolved');
  });
});
