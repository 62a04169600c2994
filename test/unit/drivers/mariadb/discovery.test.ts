import { describe, expect, it } from 'vitest';
import { crawl } from '../../../../electron/drivers/mariadb/discovery';
import { buildSample } from '../../../../electron/drivers/mariadb/build-sample';
import { addressOf, type ServerAddress } from '../../../../electron/drivers/mariadb/server-address';
import type { ServerView } from '../../../../electron/drivers/mariadb/view';
import type { ServerReading } from '../../../../electron/drivers/mariadb/wire';
import { AT, channel, reading } from './fixtures';

/** Servers by address id; `db1:1` and `127.0.0.1:1` are one server (the seed by name, the replicas by IP). */
function fakeRead(servers: Record<string, ServerReading | null>) {
  const asked: string[] = [];
  const read = (a: ServerAddress): Promise<ServerView> => {
    asked.push(a.id);
    const r = servers[a.id] ?? null;
    return Promise.resolve(
      r
        ? { address: a, reading: { kind: 'read', value: r }, last: r }
        : { address: a, reading: { kind: 'failed', failure: { ok: false, code: 'connection-refused', reason: 'refused' }, since: AT }, last: null },
    );
  };
  return { read, asked };
}

describe('MariaDB crawl', () => {
  const primary = reading(1, { replicaHosts: [{ serverId: 2, host: '127.0.0.1', port: 2 }] });
  const replica = reading(2, { channels: [channel(1)], replicaHosts: [{ serverId: 3, host: '127.0.0.1', port: 3 }] });
  const chained = reading(3, { channels: [channel(2)] });

  it('walks up and down from one seed, reading each server once', async () => {
    const { read, asked } = fakeRead({ '127.0.0.1:3': chained, '127.0.0.1:2': replica, '127.0.0.1:1': primary });
    const { views, aliases } = await crawl([addressOf('127.0.0.1', 3)], read);
    expect(views.map((v) => v.address.id)).toEqual(['127.0.0.1:3', '127.0.0.1:2', '127.0.0.1:1']);
    expect(asked).toEqual(['127.0.0.1:3', '127.0.0.1:2', '127.0.0.1:1']);
    expect(aliases.size).toBe(0);
  });

  it('keeps a server named two ways as one node, and its links point at that node', async () => {
    const { read } = fakeRead({ 'db1:1': primary, '127.0.0.1:1': primary, '127.0.0.1:2': replica, '127.0.0.1:3': chained });
    const found = await crawl([addressOf('db1', 1)], read);
    expect(found.views.map((v) => v.address.id)).toEqual(['db1:1', '127.0.0.1:2', '127.0.0.1:3']);
    expect(found.aliases).toEqual(new Map([['127.0.0.1:1', 'db1:1']]));
    const s = buildSample({ clusterId: 'c', takenAt: AT, durationMs: 1, views: found.views, aliases: found.aliases, queriesPerNode: 1, warnings: [] });
    expect(s.links.map((l) => l.id)).toEqual(['db1:1->127.0.0.1:2', '127.0.0.1:2->127.0.0.1:3']);
    expect(s.nodes.map((n) => n.role)).toEqual(['primary', 'replica', 'cascading-replica']);
  });

  it('keeps a server it cannot read as a node, found from its replica', async () => {
    const { read } = fakeRead({ '127.0.0.1:2': replica, '127.0.0.1:3': chained });
    const { views } = await crawl([addressOf('127.0.0.1', 2)], read);
    expect(views.map((v) => [v.address.id, v.reading.kind])).toEqual([
      ['127.0.0.1:2', 'read'],
      ['127.0.0.1:1', 'failed'],
      ['127.0.0.1:3', 'read'],
    ]);
  });
});
