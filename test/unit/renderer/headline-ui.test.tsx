import { beforeEach, describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import type { ClusterHeadline } from '../../../shared/model/cluster-state';
import { applyDelta } from '../../../renderer/app/connect-stores';
import { HeadlinePromptView } from '../../../renderer/app/HeadlinePrompt';
import { ClusterStateBadgeView } from '../../../renderer/features/clusters/HeadlineBadge';
import { SidebarHeadlineView } from '../../../renderer/features/clusters/SidebarHeadline';
import { nodeHeadlineRole, useHeadlines } from '../../../renderer/features/clusters/headline-store';
import { headlineSentence } from '../../../renderer/features/clusters/headline-text';
import { useClusters } from '../../../renderer/features/clusters/store';
import { formatParams } from '../../../renderer/features/audit/store';
import { NodeLabelView } from '../../../renderer/features/topology/NodeLabel';
import { nodeName, selectNodeAddress, selectNodeName } from '../../../renderer/features/topology/node-name';
import { useTopology } from '../../../renderer/features/topology/store';
import { TestIds } from '../../../renderer/testids';
import { cluster, delta, link, node, sample } from './fixtures';
import { resetStores } from './reset';

beforeEach(resetStores);

const P = '127.0.0.1:56432';
const R = '127.0.0.1:56433';
const headline = (over: Partial<ClusterHeadline> = {}): ClusterHeadline => ({
  clusterId: 'c1',
  state: 'primary-down',
  title: 'primary n1 down',
  since: 10_000,
  asOf: 22_000,
  nodes: ['n1'],
  nodeIds: [P],
  suggestion: { kind: 'failover', target: R, text: 'fail over to n2, ranked first: lag 0 B' },
  ...over,
});

describe('cluster headline in the sidebar and header', () => {
  it('the sidebar shows the headline from the delta, not "live", when the primary is down', () => {
    applyDelta(delta({ clusters: [cluster('c1')], headlines: [headline()] }));
    const c = useClusters.getState().byId.c1!;
    const h = useHeadlines.getState().byCluster.c1;
    const badge = renderToStaticMarkup(<ClusterStateBadgeView cluster={c} headline={h} now={22_500} />);
    expect(badge).toContain(`data-testid="${TestIds.clusterHeadlineBadge}"`);
    expect(badge).toContain('data-state="primary-down"');
    expect(badge).toContain('>primary down<');
    expect(badge).not.toMatch(/>live</);
    const line = renderToStaticMarkup(<SidebarHeadlineView headline={h} intervalMs={1_000} now={22_500} />);
    expect(line).toContain('primary n1 down 12 s: fail over to n2, ranked first: lag 0 B');
  });

  it('without a headline yet, the monitor state is shown as before', () => {
    const badge = renderToStaticMarkup(<ClusterStateBadgeView cluster={cluster('c1')} headline={undefined} now={0} />);
    expect(badge).toContain('>live<');
  });

  it('says how old a stale reading is', () => {
    const h = headline({ asOf: 22_000 });
    const badge = renderToStaticMarkup(<ClusterStateBadgeView cluster={cluster('c1', { status: { kind: 'failed', reason: 'lost', retryAt: null } })} headline={h} now={52_000} />);
    expect(badge).toContain('data-stale="true"');
    expect(badge).toContain('as of 30 s ago');
    expect(headlineSentence(h, 1_000, 22_500)).not.toContain('as of');
  });

  it('the header prompt names the suggested action and its button plans it', () => {
    const planned: [string, string][] = [];
    const html = renderToStaticMarkup(
      <HeadlinePromptView headline={headline()} intervalMs={1_000} now={22_000} targetName="n2" planning={false} onPlan={(k, t) => planned.push([k, t])} />,
    );
    expect(html).toContain(`data-testid="${TestIds.headlineAction}" data-kind="failover" data-target="${R}"`);
    expect(html).toContain('Plan failover to n2…');
    const refused = renderToStaticMarkup(<HeadlinePromptView headline={headline()} intervalMs={1_000} now={22_000} targetName="n2" planning={false} refused="n2 is down" onPlan={() => {}} />);
    expect(refused).toContain(`data-testid="${TestIds.headlineActionError}">n2 is down<`);
    expect(renderToStaticMarkup(<HeadlinePromptView headline={headline({ state: 'healthy', suggestion: null })} intervalMs={1_000} now={0} targetName="" planning={false} onPlan={() => {}} />)).toBe('');
  });

  it('keeps the newer headline, drops a late older one, and forgets removed clusters', () => {
    applyDelta(delta({ clusters: [cluster('c1')], headlines: [headline({ asOf: 30_000 })] }));
    const s = useHeadlines.getState();
    applyDelta(delta({ seq: 2, headlines: [headline({ asOf: 20_000, state: 'healthy' })] }));
    expect(useHeadlines.getState()).toBe(s);
    applyDelta(delta({ seq: 3, removedClusterIds: ['c1'] }));
    expect(useHeadlines.getState().byCluster.c1).toBeUndefined();
  });

  it('marks both primaries of a split brain, and only the fenced one of a fenced old primary', () => {
    applyDelta(delta({ headlines: [headline({ state: 'split-brain', nodeIds: [P, R], nodes: ['n1', 'n2'] })] }));
    expect([nodeHeadlineRole(useHeadlines.getState(), 'c1', P), nodeHeadlineRole(useHeadlines.getState(), 'c1', R)]).toEqual(['split-brain', 'split-brain']);
    applyDelta(delta({ seq: 2, headlines: [headline({ asOf: 23_000, state: 'fenced-old-primary', nodeIds: [P, R], nodes: ['n1', 'n2'] })] }));
    expect([nodeHeadlineRole(useHeadlines.getState(), 'c1', P), nodeHeadlineRole(useHeadlines.getState(), 'c1', R)]).toEqual(['fenced-old-primary', null]);
  });
});

describe('one name per node', () => {
  beforeEach(() => {
    const nodes = [node(P, { name: 'n1', address: P, role: 'primary' }), node(R, { name: 'n2', address: R })];
    applyDelta(delta({ clusters: [cluster('c1')], samples: [sample('c1', 1_000, nodes, [link(P, R)])] }));
  });

  it('names a node by its sample name, and by its id when the sample no longer holds it', () => {
    expect(selectNodeName(useTopology.getState(), 'c1', R)).toBe('n2');
    expect(nodeName('c1', '127.0.0.1:9')).toBe('127.0.0.1:9');
    expect(selectNodeAddress(useTopology.getState(), 'c1', R)).toBe(R);
  });

  it('a link, event or lock shows the display name, with the address in its tooltip or beside it', () => {
    const s = useTopology.getState();
    const html = renderToStaticMarkup(<NodeLabelView nodeId={R} name={selectNodeName(s, 'c1', R)} address={selectNodeAddress(s, 'c1', R)} withAddress />);
    expect(html).toContain(`data-node-id="${R}" title="n2 (${R})">n2<span class="node-label-address">${R}</span>`);
    expect(renderToStaticMarkup(<NodeLabelView nodeId={R} name="n2" address={R} />)).not.toContain('node-label-address');
  });

  it('an audit row shows the target by name, with its address beside it', () => {
    const s = useTopology.getState();
    expect(formatParams({ target: R, kind: 'failover', maxLagBytes: 5 }, (v) => selectNodeName(s, 'c1', v))).toBe(`target=n2 (${R}) kind=failover maxLagBytes=5`);
  });
});
