import { describe, expect, it } from 'vitest';
import { crawl } from '../../../../../electron/drivers/mariadb/discovery';
import { addressOf, type ServerAddress } from '../../../../../electron/drivers/mariadb/server-address';
import type { ServerView } from '../../../../../electron/drivers/mariadb/view';
import { reading } from '../fixtures';
import { galera } from './galera-fixtures';

describe('Galera discovery', () => {
  it('finds every member from one seed through wsrep_incoming_addresses, each read once', async () => {
    const reads: string[] = [];
    const members = ['10.0.0.1:3306', '10.0.0.2:3306', '10.0.0.3:3306'];
    const read = (a: ServerAddress): Promise<ServerView> => {
      reads.push(a.id);
      // Same @@server_id and port on every node, as Galera nodes often have: told apart by wsrep_gcomm_uuid.
      const r = reading(3306, { serverId: 1, galera: galera(3306, { nodeUuid: `uuid-${a.host}`, incomingAddresses: members }) });
      return Promise.resolve({ address: a, reading: { kind: 'read', value: r }, last: r });
    };
    const found = await crawl([addressOf('10.0.0.2', 3306)], read);
    expect(found.views.map((v) => v.address.id).sort()).toEqual(members);
    expect(found.aliases.size).toBe(0);
    expect(reads.sort()).toEqual(members);
  });
});
