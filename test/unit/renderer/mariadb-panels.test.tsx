import { beforeEach, describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { applyDelta } from '../../../renderer/app/connect-stores';
import { ENGINE_PANELS } from '../../../renderer/app/App';
import { GaleraPanelView } from '../../../renderer/features/mariadb/GaleraPanel';
import { MariadbNodePanelView } from '../../../renderer/features/mariadb/MariadbNodePanel';
import { useEngineDetail } from '../../../renderer/features/mariadb/detail-store';
import { mariadbPanels } from '../../../renderer/features/mariadb/panels';
import { hasGalera, selectMariadbDetail, selectTakenAt, type MariadbDetail } from '../../../renderer/features/mariadb/select';
import { cluster, delta } from './fixtures';
import { detail, galeraNode, mdbNode, mdbSample, P, R1, R2, resetEngineDetail } from './mariadb-fixtures';
import { resetStores } from './reset';

beforeEach(() => {
  resetStores();
  resetEngineDetail();
});

const NOW = 100_000;
const mariadb = cluster('c1', { engine: 'mariadb', name: 'shop' });
const names: Record<string, string> = { [P]: 'db1', [R1]: 'db2', [R2]: 'db3' };
const asyncDetail = detail({
  engine: 'mariadb',
  galera: null,
  nodes: {
    [P]: mdbNode({ serverId: 1, gtidBinlogPos: '0-1-42,1-1-7', gtidCurrentPos: '0-1-42,1-1-7', semiSync: { master: { enabled: true, active: false, clients: 0, timeoutMs: 10_000 }, slave: null } }),
    [R1]: mdbNode({
      serverId: 2,
      gtidBinlogPos: '0-1-42,0-2-3',
      gtidSlavePos: '0-1-42',
      gtidCurrentPos: '0-1-42',
      logSlaveUpdates: false,
      errantGtids: ['0-2-3'],
      heartbeat: { lagMs: 250, sourceServerId: 1, measuredAt: NOW - 2_000, note: null },
    }),
    [R2]: mdbNode({ serverId: 3, gtidSlavePos: '0-1-42', heartbeat: { lagMs: null, sourceServerId: null, measuredAt: null, note: 'no heartbeat table: create it and run pt-heartbeat on the primary' } }),
  },
});

/** What the connected panel renders: the store's newest detail for this node, at `now`. */
function nodePanel(nodeId: string, now = NOW): string {
  const s = useEngineDetail.getState();
  const d = selectMariadbDetail(s, 'c1');
  if (!d) return '';
  const node = d.nodes[nodeId] ?? null;
  return renderToStaticMarkup(<MariadbNodePanelView nodeId={nodeId} name={names[nodeId] ?? nodeId} node={node} takenAt={selectTakenAt(s, 'c1')} now={now} sampleIntervalMs={1_000} />);
}

function galeraPanel(clusterId = 'c1'): string {
  const s = useEngineDetail.getState();
  const d = selectMariadbDetail(s, clusterId);
  if (!d || !hasGalera(d)) return '';
  return renderToStaticMarkup(<GaleraPanelView detail={d} names={names} takenAt={selectTakenAt(s, clusterId)} now={NOW} sampleIntervalMs={1_000} />);
}

const field = (out: string, name: string) => new RegExp(`data-field="${name}"[^>]*>(.*?)</dd>`).exec(out)?.[1] ?? '';

describe('MariaDB node panel', () => {
  it('shows the server: id, the three GTID positions (one domain a line), binlog settings, heartbeat with its age, and the sample time', () => {
    applyDelta(delta({ clusters: [mariadb], samples: [mdbSample('c1', NOW - 1_500, asyncDetail)] }));
    const out = nodePanel(R1);
    expect(out).toContain(`data-testid="mariadb-node-panel" data-node-id="${R1}" data-read="true"`);
    expect(out).toContain('<h2>MariaDB · db2</h2>');
    expect(out).toContain('data-field="serverId" data-value="2"');
    expect(out).toContain('data-field="gtidBinlogPos" data-value="0-1-42,0-2-3"');
    expect(field(out, 'gtidBinlogPos')).toContain('<code>0-1-42</code><code>0-2-3</code>');
    expect(out).toContain('data-field="gtidSlavePos" data-value="0-1-42"');
    expect(out).toContain('data-field="gtidCurrentPos" data-value="0-1-42"');
    expect(out).toContain('data-field="logBin" data-value="ON"');
    expect(field(out, 'logSlaveUpdates')).toMatch(/^OFF.*would miss what it applies/);
    expect(field(out, 'heartbeat')).toBe('250 ms behind server 1 · measured 2.0 s ago');
    expect(out).toContain(`data-testid="mariadb-sample-age" data-stale="false" data-at="${NOW - 1_500}"`);
    expect(out).toContain('as of 1.5 s ago');
  });

  it('names errant GTIDs domain-server-seq and says what they mean; a clean server has no such banner', () => {
    applyDelta(delta({ clusters: [mariadb], samples: [mdbSample('c1', NOW, asyncDetail)] }));
    const out = nodePanel(R1);
    expect(out).toContain('data-testid="mariadb-errant-gtids" data-count="1"');
    expect(out).toContain('data-gtid="0-2-3"');
    expect(out).toContain('domain-server-seq');
    expect(out).toContain('never had: promoting it');
    expect(nodePanel(P)).not.toContain('mariadb-errant-gtids');
  });

  it('says when semi-sync fell back to async, and why a heartbeat is missing', () => {
    applyDelta(delta({ clusters: [mariadb], samples: [mdbSample('c1', NOW, asyncDetail)] }));
    expect(field(nodePanel(P), 'semiSync')).toBe('<span class="warn-text">primary side enabled but OFF: no replica acknowledged within 10.0 s, commits are asynchronous</span>');
    const out = nodePanel(R2);
    expect(field(out, 'semiSync')).toContain('off (asynchronous replication)');
    expect(field(out, 'heartbeat')).toBe('—<div class="mdb-note">no heartbeat table: create it and run pt-heartbeat on the primary</div>');
  });

  it('a node the sample did not read says so instead of showing old positions; stale past three intervals', () => {
    const { [R2]: _gone, ...rest } = asyncDetail.nodes;
    applyDelta(delta({ clusters: [mariadb], samples: [mdbSample('c1', NOW - 5_000, { ...asyncDetail, nodes: rest })] }));
    const out = nodePanel(R2);
    expect(out).toContain('data-read="false"');
    expect(out).toContain('Not read in the newest sample');
    expect(out).not.toContain('gtidBinlogPos');
    expect(out).toContain('data-stale="true"');
    expect(out).toContain('as of 5.0 s ago (stale)');
  });

  it('the store keeps the newest sample: a late older one changes nothing, same content keeps identity, removal forgets it', () => {
    applyDelta(delta({ clusters: [mariadb], samples: [mdbSample('c1', 5_000, asyncDetail)] }));
    const before = useEngineDetail.getState().byCluster.c1;
    expect(before?.takenAt).toBe(5_000);
    applyDelta(delta({ clusters: [mariadb], samples: [mdbSample('c1', 4_000, null)] }));
    expect(useEngineDetail.getState().byCluster.c1).toBe(before);
    applyDelta(delta({ clusters: [mariadb], samples: [mdbSample('c1', 6_000, detail(structuredClone(asyncDetail)))] }));
    expect(useEngineDetail.getState().byCluster.c1?.takenAt).toBe(6_000);
    expect(useEngineDetail.getState().byCluster.c1?.detail).toBe(before?.detail);
    applyDelta(delta({ removedClusterIds: ['c1'] }));
    expect(useEngineDetail.getState().byCluster.c1).toBeUndefined();
  });
});

const galeraDetail = (split: boolean): MariadbDetail =>
  detail({
    engine: 'mariadb',
    galera: {
      components: split ? [{ nodeIds: [P, R1], primary: true }, { nodeIds: [R2], primary: false }] : [{ nodeIds: [P, R1, R2], primary: true }],
      bootstrap: null,
    },
    nodes: {
      [P]: mdbNode({ galera: galeraNode({ clusterSize: split ? 2 : 3, certFailuresPerS: 1.5, bfAbortsPerS: 0.25 }) }),
      [R1]: mdbNode({ serverId: 2, galera: galeraNode({ clusterSize: split ? 2 : 3, localState: 'Donor/Desynced', desynced: true, flowControlPaused: 0.25, recvQueue: 12, sendQueue: 3 }) }),
      [R2]: mdbNode({ serverId: 3, galera: galeraNode(split ? { clusterStatus: 'non-Primary', localState: 'Initialized', clusterSize: 1 } : {}) }),
    },
  }) as MariadbDetail;

describe('Galera panel', () => {
  it('is not shown for asynchronous replication or another engine', () => {
    applyDelta(delta({ clusters: [mariadb, cluster('pg')], samples: [mdbSample('c1', NOW, asyncDetail), mdbSample('pg', NOW, null)] }));
    expect(galeraPanel('c1')).toBe('');
    expect(galeraPanel('pg')).toBe('');
    expect(selectMariadbDetail(useEngineDetail.getState(), 'pg')).toBeNull();
  });

  it('a whole cluster: one Primary component, size, each node’s wsrep state, flow control, queues and rates, the sample time', () => {
    applyDelta(delta({ clusters: [mariadb], samples: [mdbSample('c1', NOW - 800, galeraDetail(false))] }));
    const out = galeraPanel();
    expect(out).toContain('data-testid="galera-panel" data-size="3" data-components="1"');
    expect(out).toContain('cluster size 3');
    expect(out).not.toContain('galera-partition');
    expect(out.match(/data-testid="galera-component"/g)).toHaveLength(1);
    expect(out).toContain(`data-node-id="${R1}" data-cluster-status="Primary" data-local-state="Donor/Desynced" data-desynced="true"`);
    expect(out).toContain('<td>db2</td><td>Primary</td><td>Donor/Desynced</td><td class="num">3</td><td class="num warn-text">25 %</td><td class="num">12</td><td class="num">3</td>');
    expect(out).toMatch(/<td>db1<\/td>.*?<td class="num">1\.50<\/td><td class="num">0\.25<\/td><td class="num">1234<\/td>/);
    expect(out).toContain('as of 0.8 s ago');
  });

  it('a partition: groups of nodes, the non-Primary one highlighted, and a banner', () => {
    applyDelta(delta({ clusters: [mariadb], samples: [mdbSample('c1', NOW, galeraDetail(true))] }));
    const out = galeraPanel();
    expect(out).toContain('data-size="2" data-components="2"');
    expect(out).toContain('Partitioned into 2 components; only the Primary component takes writes.');
    expect(out).toContain(`class="galera-component primary" data-testid="galera-component" data-primary="true" data-node-ids="${P},${R1}"`);
    expect(out).toContain(`class="galera-component non-primary" data-testid="galera-component" data-primary="false" data-node-ids="${R2}"`);
    expect(out).toMatch(/non-primary.*no quorum, refuses queries.*>db3</);
    expect(out).toMatch(new RegExp(`class="clickable row-warn" title="non-Primary: [^"]*" data-testid="galera-node" data-node-id="${R2}"`));
  });

  it('after a full stop: which node to bootstrap, its seqno and why', () => {
    const d = galeraDetail(false);
    d.galera = { components: [], bootstrap: { nodeId: R1, seqno: 1250, reason: 'it has the highest seqno (1250); the others have 1234' } };
    applyDelta(delta({ clusters: [mariadb], samples: [mdbSample('c1', NOW, d)] }));
    const out = galeraPanel();
    expect(out).toContain(`data-testid="galera-bootstrap" data-node-id="${R1}" data-seqno="1250"`);
    expect(out).toMatch(/Bootstrap from db2.*seqno 1250.*it has the highest seqno.*galera_new_cluster/);
  });
});

describe('engine panels in the app shell', () => {
  it('MariaDB registers its node and Galera panels in the one table; PostgreSQL has none', () => {
    expect(ENGINE_PANELS.mariadb).toBe(mariadbPanels);
    expect(mariadbPanels.node.name).toBe('MariadbNodePanel');
    expect(mariadbPanels.cluster.name).toBe('GaleraPanel');
    expect(ENGINE_PANELS.postgres).toBeUndefined();
  });
});
