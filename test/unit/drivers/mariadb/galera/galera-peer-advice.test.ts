import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { createElement } from 'react';
import { mariadbAvailableActions } from '../../../../../electron/drivers/mariadb/actions/available';
import { buildSample } from '../../../../../electron/drivers/mariadb/build-sample';
import type { ServerView } from '../../../../../electron/drivers/mariadb/view';
import { MariadbNodeFacts } from '../../../../../renderer/features/mariadb/MariadbNodeFacts';
import type { MariadbNodeView } from '../../../../../renderer/features/mariadb/select';
import { AT, reading } from '../fixtures';
import { galera, idOf, PORTS } from './galera-fixtures';
import { addressOf } from '../../../../../electron/drivers/mariadb/server-address';

const NOTES = [
  "cannot run SHOW SLAVE HOSTS: GRANT REPLICATION MASTER ADMIN ON *.* TO 'mon'@'<client host>'",
  "cannot run SHOW MASTER STATUS: GRANT BINLOG MONITOR ON *.* TO 'mon'@'<client host>'",
  "cannot run SHOW ALL SLAVES STATUS: GRANT SLAVE MONITOR ON *.* TO 'mon'@'<client host>'",
];
/** A Galera peer read by a monitor-only login, log_slave_updates OFF, no async channel. */
function peer(port: number): ServerView {
  const r = reading(port, { serverId: 1, galera: galera(port), notes: NOTES, logSlaveUpdates: false });
  return { address: addressOf('127.0.0.1', port), reading: { kind: 'read', value: r }, last: r };
}
const sample = () => buildSample({ clusterId: 'c', takenAt: AT, durationMs: 0, views: PORTS.map(peer), queriesPerNode: 1, warnings: [] });

describe('Galera peers without async channels get no primary/replica advice', () => {
  it('no switchover/failover/fence/rejoin offers (desync/resync are the Galera planner’s)', () => {
    const byNode = mariadbAvailableActions(sample(), { maxLagTransactions: 1, maxLagMs: 1 });
    for (const n of byNode) expect(n.actions).toEqual([]);
  });

  it('notes: no grant advice for SHOW SLAVE HOSTS / SHOW MASTER STATUS; what Galera still needs stays', () => {
    const g1 = sample().nodes.find((n) => n.id === idOf(3301))!;
    expect(g1.role).toBe('peer');
    expect(g1.notes?.join('\n') ?? '').not.toMatch(/SHOW SLAVE HOSTS|SHOW MASTER STATUS|REPLICATION MASTER ADMIN/);
    expect(g1.notes).toContain(NOTES[2]);
  });

  it('facts panel: log_slave_updates OFF on a Galera peer carries no "replicas moved under it" warning', () => {
    const node = { logSlaveUpdates: false, galera: { localState: 'Synced' } } as unknown as MariadbNodeView;
    const html = renderToStaticMarkup(createElement(MariadbNodeFacts, { node: { ...emptyNode(), ...node }, now: AT }));
    expect(html).not.toContain('replicas moved under it');
    const plain = renderToStaticMarkup(createElement(MariadbNodeFacts, { node: { ...emptyNode(), logSlaveUpdates: false, galera: null } as MariadbNodeView, now: AT }));
    expect(plain).toContain('replicas moved under it');
  });
});

function emptyNode(): MariadbNodeView {
  return { serverId: 1, gtidBinlogPos: '', gtidSlavePos: '', gtidCurrentPos: '', logBin: true, logSlaveUpdates: true, gtidStrictMode: true, errantGtids: [], semiSync: null, heartbeat: null, galera: null } as unknown as MariadbNodeView;
}
