import { beforeEach, describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { ApiProvider } from '../../../renderer/api/context';
import type { DeskClient } from '../../../renderer/api/types';
import { FenceBannerView } from '../../../renderer/features/failover/FenceBanner';
import type { FenceAlert } from '../../../renderer/features/failover/fence-alerts';
import { mariadbAvailableActions } from '../../../electron/drivers/mariadb/actions/available';
import { buildSample } from '../../../electron/drivers/mariadb/build-sample';
import { AT, failedView, reading, readView, channel } from '../drivers/mariadb/fixtures';
import { fakeApi, resetActionStores } from './action-fixtures';
import { resetStores } from './reset';

beforeEach(() => {
  resetStores();
  resetActionStores();
});

const OLD = '127.0.0.1:3301';

describe('fence banner after a MariaDB failover with a standing fence order', () => {
  it('does not tell the admin to fence by hand while ReplicaDesk fences it on return', () => {
    // The old primary is down; the MariaDB driver's own availability for it.
    const s = buildSample({ clusterId: 'c1', takenAt: AT, durationMs: 0, views: [failedView(3301, reading(3301)), readView(reading(3302)), readView(reading(3303, { channels: [channel(3302)] }))], queriesPerNode: 1, warnings: [] });
    const byNode = Object.fromEntries(mariadbAvailableActions(s, { maxLagTransactions: 1, maxLagMs: 1 }).map((n) => [n.nodeId, n.actions]));
    const alert: FenceAlert = {
      key: 'failover:p1', source: 'failover', at: 1, nodeId: OLD, newPrimary: '127.0.0.1:3302', commands: [],
      message: 'n1 was down when the failover promoted n2, so it is not fenced. ReplicaDesk fences it the moment it answers as a writable primary, while it runs; until then keep it stopped.',
    };
    const { api } = fakeApi({});
    const html = renderToStaticMarkup(
      <ApiProvider client={api as unknown as DeskClient}>
        <FenceBannerView alerts={[alert]} clusterId="c1" topology={undefined} availability={{ kind: 'ready', byNode, at: 2 }} />
      </ApiProvider>,
    );
    expect(html).toContain('fences it the moment it answers');
    expect(html).not.toContain('Fence it by hand');
    expect(html).not.toContain('cannot fence');
    expect(html).toContain('runs again by itself when it answers');
  });
});
