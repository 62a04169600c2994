import { beforeEach, describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import type { Alarm } from '../../../shared/model/event';
import type { ClusterNode } from '../../../shared/model/node';
import { applyDelta } from '../../../renderer/app/connect-stores';
import { ApiProvider } from '../../../renderer/api/context';
import type { DeskClient } from '../../../renderer/api/types';
import { FenceBannerView } from '../../../renderer/features/failover/FenceBanner';
import { fenceAlerts } from '../../../renderer/features/failover/fence-alerts';
import type { Availability } from '../../../renderer/features/failover/available-store';
import { useTopology } from '../../../renderer/features/topology/store';
import { cluster, delta, event, node, sample } from './fixtures';
import { fakeApi, resetActionStores } from './action-fixtures';
import { resetStores } from './reset';

beforeEach(() => {
  resetStores();
  resetActionStores();
  availability = fenceEverywhere;
});

type Avail = Availability;
const fence = [{ kind: 'fence' as const, available: true, why: null }];
/** As a PostgreSQL driver answers: fence available on both nodes. */
const fenceEverywhere: Avail = { kind: 'ready', byNode: { '127.0.0.1:25431': fence, '127.0.0.1:25432': fence }, at: 1 };
/** What actions:available said for c1 (set after the sample lands, as the app would); null: not asked yet. */
let availability: Avail | null = fenceEverywhere;

const P = '127.0.0.1:25431';
const R = '127.0.0.1:25432';
const primary = (id: string, name: string, over: Partial<ClusterNode> = {}) => node(id, { name, address: id, role: 'primary', ...over });
const splitAlarm = (nodeId: string | null): Alarm => ({
  key: 'split-brain:cluster', kind: 'split-brain', severity: 'critical', nodeId, raisedAt: 2_000, eventId: 'e1',
  message: 'split brain: n1 and n2 both accept writes as primary', clearsWhen: 'at most one node accepts writes', runbook: 'fence',
});

/** What FenceBanner renders: alerts from the newest sample's open alarms, drawn over that sample. */
function render(): string {
  const { api } = fakeApi({});
  const topology = useTopology.getState().byCluster.c1;
  const alerts = fenceAlerts([], topology?.alarms ?? [], 'c1', {});
  return renderToStaticMarkup(
    <ApiProvider client={api as unknown as DeskClient}>
      <FenceBannerView alerts={alerts} clusterId="c1" topology={topology} availability={availability ?? { kind: 'loading' }} />
    </ApiProvider>,
  );
}

describe('fence banner for a split brain', () => {
  it('shows while the split-brain alarm is open and is gone once it cleared (only n1 writable, n2 fenced), though the raising event is in the log', () => {
    applyDelta(delta({ clusters: [cluster('c1')], samples: [{ ...sample('c1', 2_000, [primary(P, 'n1'), primary(R, 'n2')]), alarms: [splitAlarm(R)] }] }));
    expect(render()).toContain('data-testid="fence-banner"');
    const raised = event('e1', 'c1', 2_000, { kind: 'split-brain', severity: 'critical', nodeId: P, alarmKey: 'split-brain:cluster', message: 'split brain: n1 and n2 all accept writes' });
    const cleared = event('e2', 'c1', 3_000, { kind: 'cleared', nodeId: P, alarmKey: 'split-brain:cluster', message: 'cleared: only n1 accepts writes' });
    const s = { ...sample('c1', 3_000, [primary(P, 'n1'), primary(R, 'n2', { fenced: true, readOnly: true })]), alarms: [] };
    applyDelta(delta({ clusters: [cluster('c1')], samples: [s], events: [raised, cleared] }));
    expect(render()).not.toContain('fence-banner');
  });

  it('while open with no node to fence: names both writable nodes by name, proposes none, never shows a raw address', () => {
    const s = { ...sample('c1', 3_000, [primary(P, 'n1'), primary(R, 'n2')]), alarms: [splitAlarm(null)] };
    applyDelta(delta({ clusters: [cluster('c1')], samples: [s] }));
    const html = render();
    expect(html).toContain('data-testid="fence-banner"');
    expect(html).toContain('data-node-id=""');
    expect(html).toContain('choose which primary to keep');
    expect(html.match(/data-testid="fence-plan"/g)).toHaveLength(2);
    // Addresses only in the tooltips (title attributes), never in the text.
    expect(html.replace(/title="[^"]*"/g, '').replace(/data-[a-z-]+="[^"]*"/g, '')).not.toContain('127.0.0.1');
  });

  it('while open with the node on the older timeline: one plan button, for that node, by name', () => {
    const s = { ...sample('c1', 3_000, [primary(P, 'n1'), primary(R, 'n2')]), alarms: [splitAlarm(R)] };
    applyDelta(delta({ clusters: [cluster('c1')], samples: [s] }));
    const html = render();
    expect(html.match(/data-testid="fence-plan"/g)).toHaveLength(1);
    expect(html).toContain(`data-testid="fence-plan" data-node-id="${R}"`);
    expect(html).toMatch(/Split brain: fence .*n2/);
    expect(html.replace(/title="[^"]*"/g, '').replace(/data-[a-z-]+="[^"]*"/g, '')).not.toContain('127.0.0.1');
  });

  it('offers no plan button where the driver has no fence action for the node: its reason instead (MariaDB today)', () => {
    availability = { kind: 'ready', byNode: { [R]: [{ kind: 'fence', available: false, why: 'not built for MariaDB yet' }], [P]: [] }, at: 2 };
    const s = { ...sample('c1', 3_000, [primary(P, 'n1'), primary(R, 'n2')]), alarms: [splitAlarm(R)] };
    applyDelta(delta({ clusters: [cluster('c1')], samples: [s] }));
    let html = render();
    expect(html).not.toContain('data-testid="fence-plan"');
    expect(html).toContain(`data-testid="fence-plan-unavailable" data-node-id="${R}"`);
    expect(html).toContain('not built for MariaDB yet');
    // No fence action listed at all: said so, still no button.
    applyDelta(delta({ clusters: [cluster('c1')], samples: [{ ...s, alarms: [splitAlarm(P)] }] }));
    html = render();
    expect(html).not.toContain('data-testid="fence-plan"');
    expect(html).toContain('the driver offers no fence action for it');
  });

  it('while the actions are not known yet, asks instead of offering a plan', () => {
    availability = null;
    const s = { ...sample('c1', 3_000, [primary(P, 'n1'), primary(R, 'n2')]), alarms: [splitAlarm(R)] };
    applyDelta(delta({ clusters: [cluster('c1')], samples: [s] }));
    const html = render();
    expect(html).not.toContain('data-testid="fence-plan"');
    expect(html).toContain('can be fenced from here');
  });
});
