import { beforeEach, describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import type { ConflictEvent, EngineDecision as Decision } from '../../../shared/model/conflict';
import type { ResolvePreview } from '../../../shared/ipc/conflicts';
import { ApiProvider } from '../../../renderer/api/context';
import type { DeskClient } from '../../../renderer/api/types';
import { keyMatcher } from '../../../renderer/features/conflicts/key-search';
import { buildRows } from '../../../renderer/features/conflicts/rows';
import { defaultFilter, openInbox, setConflictFilter, tabCounts, upsertConflicts, useConflicts } from '../../../renderer/features/conflicts/store';
import { ConflictsBadges } from '../../../renderer/features/conflicts/ConflictsEntry';
import { StatusTabs } from '../../../renderer/features/conflicts/InboxFilters';
import { PolicyPanel, bulkButtonLabel } from '../../../renderer/features/conflicts/PolicyPanel';
import { bulkLine } from '../../../renderer/features/conflicts/BulkProgress';
import { noteBulkKind, useBulkRuns } from '../../../renderer/features/conflicts/bulk-store';
import { nodeIdName, positionLabel, preferNodeOptions, versionName } from '../../../renderer/features/conflicts/node-names';
import { PreferNodeSelect } from '../../../renderer/features/conflicts/PreferNodeSelect';
import { EngineDecision } from '../../../renderer/features/conflicts/EngineDecision';
import { AcceptBox, isAccept } from '../../../renderer/features/conflicts/ResolvePanel';
import { resolutionText } from '../../../renderer/features/conflicts/resolution-text';
import { foldSample, useTopology } from '../../../renderer/features/topology/store';
import { node, sample } from './fixtures';
import { resetStores } from './reset';

const A1 = '127.0.0.1:35055';
const A2 = '127.0.0.1:45917';
const A3 = '127.0.0.1:40203';

const decision = (over: Partial<Decision> = {}): Decision => ({
  engine: 'pglogical',
  policy: 'last_update_wins',
  rule: 'last_update_wins: remote committed 17:18:24.352 > local 17:18:22.937',
  kept: 1,
  perNode: [
    { nodeId: A1, kept: 1, outcome: 'apply_remote' },
    { nodeId: A2, kept: 1, outcome: 'keep_local' },
    { nodeId: A3, kept: 1, outcome: 'apply_remote' },
  ],
  review: 'pending',
  ...over,
});

/** A pglogical decision as the driver reports it: versions by pglogical node name (origin) and driver node id (address). */
function pgl(id: string, key: string, over: Partial<ConflictEvent> = {}): ConflictEvent {
  return {
    id,
    clusterId: 'mesh',
    target: { table: 'public.items', key },
    kind: 'update-update',
    detectedAt: 1_000,
    versions: [
      { nodeId: A1, origin: 'n1', value: { id: 1, val: 'uu-n1' }, committedAt: 900, versionVector: null, position: null },
      { nodeId: A2, origin: 'n2', value: { id: 1, val: 'uu-n2' }, committedAt: 950, versionVector: null, position: '0/165D9C8' },
    ],
    suggestion: null,
    status: 'resolved',
    resolution: { at: 1_100, by: 'engine (pglogical)', how: 'last_update_wins', value: { id: 1, val: 'uu-n2' } },
    engineDecision: decision(),
    ...over,
  };
}

const api = { invoke: async () => ({ ok: false, code: 'x', reason: 'not in this test' }) } as unknown as DeskClient;

function meshTopology(): void {
  const nodes = [node(A1, { name: 'n1', role: 'peer' }), node(A2, { name: 'n2', role: 'peer' }), node(A3, { name: 'n3', role: 'peer' })];
  useTopology.setState({ byCluster: { mesh: foldSample(undefined, sample('mesh', 1_000, nodes)) } });
}

// renderToStaticMarkup reads a store's server snapshot (its initial state): views get the state as props.
beforeEach(() => {
  resetStores();
  useConflicts.setState({ byId: {}, version: 0, policies: {}, tablePolicies: {}, filter: defaultFilter, selectedId: null, open: false, checks: {} }, true);
  useBulkRuns.setState({ byCluster: {}, kindOf: {} }, true);
});

describe('finding 1: bulk review from the "To review" tab', () => {
  it('the bulk button is enabled on the shown engine decisions and says it reviews them', () => {
    upsertConflicts([pgl('a', 'id=1'), pgl('b', 'id=2'), pgl('c', 'id=3')]);
    const html = renderToStaticMarkup(
      <ApiProvider client={api}>
        <PolicyPanel clusterId="mesh" bulkIds={['a', 'b', 'c']} bulkKind="review" />
      </ApiProvider>,
    );
    expect(html).toMatch(/data-kind="review"[^>]*>Review 3 shown…</);
    expect(html).not.toMatch(/data-testid="policy-bulk"[^>]*disabled/);
    expect(bulkButtonLabel('resolve', 0)).toBe('Bulk resolve 0 shown…');
  });

  it('progress and result read as a review when the run was started from "To review"', () => {
    const run = { id: 'b1', clusterId: 'mesh', policy: 'last-writer-wins' as const, total: 253, done: 253, resolvedCount: 253, resolved: [], failed: [], startedAt: 0, elapsedMs: 700, perSecond: 361, mode: 'batch' as const, batches: 1, finished: true };
    expect(bulkLine(run, 'review')).toMatch(/^Reviewed 253 of 253 engine decisions in 0.7 s .*accepted \(nothing written\) or overturned/);
    expect(bulkLine({ ...run, finished: false, done: 100, resolvedCount: 100 }, 'review')).toMatch(/^Reviewing… 100 of 253/);
    expect(bulkLine(run)).toMatch(/^Resolved 253 of 253/);
    // None done (all refused): no "each read back converged … 155 not".
    const refused = { ...run, total: 155, done: 155, resolvedCount: 0, failed: Array.from({ length: 155 }, (_, i) => ({ conflictId: `c${i}`, reason: 'permission denied' })) } as unknown as typeof run;
    expect(bulkLine(refused, 'review')).toBe('Reviewed 0 of 155 engine decisions in 0.7 s (361/s; 1 batch(es)). 155 were not (each listed below with why).');
    noteBulkKind('mesh', 'review');
    expect(useBulkRuns.getState().kindOf.mesh).toBe('review');
  });
});

describe('finding 9: prefer-node offers the cluster’s nodes', () => {
  it('pglogical: display names, values the pglogical node names the policy compares, a node without conflicts too', () => {
    meshTopology();
    const opts = preferNodeOptions(useTopology.getState(), 'mesh', [pgl('a', 'id=1')]);
    expect(opts).toEqual([
      { value: 'n1', label: 'n1' },
      { value: 'n2', label: 'n2' },
      { value: 'n3', label: 'n3' },
    ]);
  });

  it('agents: the node id is what versions carry as origin; an alias shows with it', () => {
    useTopology.setState({ byCluster: { mp: foldSample(undefined, sample('mp', 1, [node('peer-1', { name: 'east' }), node('peer-2', { name: 'west' })])) } });
    const c: ConflictEvent = { ...pgl('x', 'k'), clusterId: 'mp', versions: [{ nodeId: 'peer-1', origin: 'peer-1', value: 1, committedAt: 1, versionVector: null, position: null }] };
    expect(preferNodeOptions(useTopology.getState(), 'mp', [c])).toEqual([
      { value: 'peer-1', label: 'east (peer-1)' },
      { value: 'peer-2', label: 'west (peer-2)' },
    ]);
  });

  it('renders a list, not a free-text box pre-filled "peer-1"', () => {
    meshTopology();
    const options = preferNodeOptions(useTopology.getState(), 'mesh', [pgl('a', 'id=1')]);
    const html = renderToStaticMarkup(<PreferNodeSelect options={options} value="n2" onChange={() => undefined} />);
    expect(html).toMatch(/^<select data-testid="policy-node"/);
    expect(html.match(/<option value="n\d"/g)).toEqual(['<option value="n1"', '<option value="n2"', '<option value="n3"']);
    expect(html).toContain('<option value="n2" selected="">prefer n2</option>');
    expect(html).not.toContain('peer-1');
    expect(renderToStaticMarkup(<PreferNodeSelect options={[]} value="" onChange={() => undefined} />)).toContain('no nodes known yet');
  });
});

describe('finding 10: accepting an engine decision is not a write', () => {
  const accept: ResolvePreview = {
    conflictId: 'a',
    value: { id: 1, val: 'uu-n2' },
    fields: [],
    summary: "Keep n2: writes n2's version of public.items/id=1; the other 1 version(s) are replaced.",
    vector: '',
    picks: [],
    engine: { statements: [], skipped: [], note: 'Accept: the engine’s decision stands; nothing is written, the review is audited.' },
  };
  it('an engine plan without statements on a pending decision is an accept, shown as such', () => {
    const c = pgl('a', 'id=1');
    expect(isAccept(c, accept)).toBe(true);
    expect(isAccept(c, { ...accept, engine: { ...accept.engine!, statements: ['UPDATE …'] } })).toBe(false);
    expect(isAccept({ ...c, engineDecision: decision({ review: 'accepted' }) }, accept)).toBe(false);
    const html = renderToStaticMarkup(<AcceptBox c={c} nameOf={(v) => v.origin} />);
    expect(html).toContain('Accept the engine’s decision: nothing is written; it is marked reviewed.');
    expect(html).not.toMatch(/writes|replaced|run these statements|engine-sql/);
  });
});

describe('finding 12: display names, labelled positions', () => {
  it('per-node outcomes name the nodes n1/n2, not their addresses; the LSN is labelled', () => {
    meshTopology();
    const c = pgl('a', 'id=1');
    const t = useTopology.getState();
    const html = renderToStaticMarkup(<EngineDecision conflict={c} nameOf={(v) => versionName(t, 'mesh', v)} nodeName={(id) => nodeIdName(t, c, id)} />);
    expect(html).toContain('on n1: apply_remote → kept n2’s version');
    expect(html).toContain('on n2: keep_local → kept n2’s version');
    expect(html).toContain('on n3: apply_remote → kept n2’s version');
    expect(html.replace(/(title|data-node-id)="[^"]*"/g, '')).not.toContain('127.0.0.1');
    expect(positionLabel('0/165D9C8')).toBe('commit LSN 0/165D9C8');
    expect(positionLabel('0-1-42')).toBe('GTID 0-1-42');
  });

  it('a node the sample does not hold is named by the engine’s name for it', () => {
    expect(versionName({ byCluster: {} }, 'mesh', { nodeId: A1, origin: 'n1' })).toBe('n1');
  });
});

describe('finding 13: tabs, badge, opening tab, key search', () => {
  it('opens on "To review" when nothing is open but decisions wait; on "Open" when something is open', () => {
    upsertConflicts([pgl('a', 'id=1'), pgl('b', 'id=2')]);
    openInbox();
    expect(useConflicts.getState().filter.status).toBe('review');
    useConflicts.setState((s) => ({ ...s, open: false, filter: defaultFilter }));
    upsertConflicts([pgl('o', 'id=9', { status: 'open', resolution: null, engineDecision: undefined })]);
    openInbox();
    expect(useConflicts.getState().filter.status).toBe('open');
  });

  it('tabs show their counts', () => {
    upsertConflicts([pgl('a', 'id=1'), pgl('b', 'id=2'), pgl('c', 'id=3', { engineDecision: decision({ review: 'accepted' }) })]);
    expect(tabCounts(useConflicts.getState())).toEqual({ open: 0, review: 2, resolved: 3 });
    const html = renderToStaticMarkup(<StatusTabs status="review" counts={tabCounts(useConflicts.getState())} />);
    expect(html).toMatch(/data-status="review" data-count="2">To review <span class="tab-count">2</);
    expect(html).toMatch(/data-status="open" data-count="0">Open <span class="tab-count">0</);
  });

  it('the sidebar shows "0 open" and "2 to review" side by side', () => {
    const html = renderToStaticMarkup(<ConflictsBadges count={0} toReview={2} open={false} />);
    expect(html).toContain('class="conflicts-entry"');
    expect(html).toMatch(/data-count="0">0 open</);
    expect(html).toMatch(/data-count="2"[^>]*>2 to review</);
  });

  it('"id=1" finds the row id=1 only; a prefix with *; text without = is a substring', () => {
    const keys = ['id=1', 'id=10', 'id=100035', 'id=21', 'a=1, b=2'];
    const list = keys.map((k, i) => pgl(`c${i}`, k));
    const found = (q: string) => {
      setConflictFilter({ status: 'review', text: q });
      return buildRows(list, useConflicts.getState().filter, 2_000, []).ids.map((id) => list.find((c) => c.id === id)!.target.key).sort();
    };
    expect(found('id=1')).toEqual(['id=1']);
    expect(found('ID = 1')).toEqual(['id=1']);
    expect(found('"id"=1')).toEqual(['id=1']);
    expect(found('id=10*')).toEqual(['id=10', 'id=100035']);
    expect(found('b=2')).toEqual(['a=1, b=2']);
    expect(found('items/id=1')).toEqual(['id=1']);
    expect(found('orders/id=1')).toEqual([]);
    expect(found('100')).toEqual(['id=100035']);
    expect(keyMatcher('  ')).toBeNull();
  });
});

describe('finding 14: the resolution in words', () => {
  const names = (v: { origin: string }) => v.origin;
  it('an overturn by hand', () => {
    const c = pgl('a', 'id=1', {
      engineDecision: decision({ review: 'overturned' }),
      resolution: { at: 2_000, by: 'root@vm (via replicadesk)', how: 'by hand (keep) by root@vm: overturned the engine’s decision', value: { val: 'uu-n1', id: 1 } },
    });
    expect(resolutionText(c, names)).toBe("Overturned by root@vm: kept n1's version");
  });
  it('an accept in a bulk run, and a delete kept', () => {
    const c = pgl('a', 'id=1', {
      engineDecision: decision({ review: 'accepted' }),
      resolution: { at: 2_000, by: 'root@vm (via replicadesk)', how: "bulk by last-writer-wins: n2's version was committed last: accepted the engine’s decision", value: { id: 1, val: 'uu-n2' } },
    });
    expect(resolutionText(c, names)).toBe("Accepted by root@vm: kept n2's version, as the engine did (nothing written) (in a bulk run, by last-writer-wins)");
    const del = { ...c, versions: [c.versions[0]!, { ...c.versions[1]!, value: null }], engineDecision: decision({ review: 'overturned' }), resolution: { ...c.resolution!, how: 'by hand (keep) by root@vm', value: null } };
    expect(resolutionText(del, names)).toBe("Overturned by root@vm: kept n2's delete");
  });
  it('says which node took the write when it went through a peer (the sandbox)', () => {
    const c = pgl('a', 'id=1', { engineDecision: undefined, resolution: { at: 2_000, by: 'root@vm (via peer-1)', how: 'by hand (merge) by root@vm', value: { id: 1, val: 'merged' } } });
    expect(resolutionText(c, names)).toBe('Resolved by root@vm: wrote a merged or typed value, written via peer-1');
  });

  it('the engine’s own resolution keeps its words', () => {
    const c = pgl('a', 'id=1', { engineDecision: undefined, resolution: { at: 2_000, by: 'engine (pglogical)', how: 'the subscription replicates again', value: null } });
    expect(resolutionText(c, names)).toBe('Resolved by engine (pglogical): the subscription replicates again');
  });
});
