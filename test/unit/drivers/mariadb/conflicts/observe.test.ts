import { describe, expect, it } from 'vitest';
import { MariadbConflicts } from '../../../../../electron/drivers/mariadb/conflicts/mariadb-conflicts';
import type { ServerAddress } from '../../../../../electron/drivers/mariadb/server-address';
import type { ServerConnection } from '../../../../../electron/drivers/mariadb/server-connection';
import { createLogger } from '../../../../../electron/core/logger';
import { ok } from '../../../../../shared/result';
import type { ConflictEvent } from '../../../../../shared/model/conflict';
import { channel, gtids, readView, reading } from '../fixtures';

const ERROR = "Could not execute Write_rows_v1 event on table rd.items; Duplicate entry '1' for key 'PRIMARY', Error_code: 1062; handler error HA_ERR_FOUND_DUPP_KEY; the event's master log mariadb-bin.000001, end_log_pos 1222";

/** A fake server answering the inspection's statements; counts every query per server. */
function fakeServers() {
  const queries: string[] = [];
  const answer = (port: number, sql: string): unknown => {
    if (sql.startsWith('SHOW BINLOG EVENTS')) {
      return [
        [
          { Pos: 1014, End_log_pos: 1056, Event_type: 'Gtid', Info: 'BEGIN GTID 1-11-3' },
          { Pos: 1122, End_log_pos: 1172, Event_type: 'Table_map', Info: 'table_id: 19 (rd.items)' },
          { Pos: 1172, End_log_pos: 1222, Event_type: 'Write_rows_v1', Info: 'table_id: 19 flags: STMT_END_F' },
          { Pos: 1222, End_log_pos: 1253, Event_type: 'Xid', Info: 'COMMIT /* xid=32 */' },
        ],
        [{ f: 'ROW', i: 'FULL' }],
      ];
    }
    if (sql.includes('information_schema.TABLES')) return [{ s: 'rd', n: 'items' }];
    if (sql.includes('information_schema.STATISTICS')) return [{ k: 'PRIMARY', c: 'id', nullable: 'NO' }];
    if (sql.startsWith('SELECT * FROM `rd`.`items`')) return [{ id: 1, val: port === 3306 ? 'from-m1' : 'from-m2' }];
    throw new Error(`unexpected ${sql}`);
  };
  const conn = (a: ServerAddress) =>
    ({
      query: async (sql: string) => {
        queries.push(`${a.port}: ${sql.split('\n')[0]}`);
        return ok(answer(a.port, sql));
      },
    }) as unknown as ServerConnection;
  return { queries, conn };
}

describe('MariaDB conflicts found from the sample readings', () => {
  it('makes no query while every SQL thread runs; explains a stop once; settles it when the thread runs again', async () => {
    const { queries, conn } = fakeServers();
    const seen: ConflictEvent[] = [];
    const mc = new MariadbConflicts({ clusterId: 'c', log: createLogger('test'), now: () => 1_000, connection: conn, session: conn });
    mc.onConflict((e) => seen.push(e));
    const m1 = reading(3306, { channels: [channel(3307)] });
    const healthy = reading(3307, { channels: [channel(3306)] });
    const stopped = reading(3307, {
      gtidSlavePos: gtids('1-11-2'),
      channels: [channel(3306, { sqlRunning: 'No', lastSqlErrno: 1062, lastSqlError: ERROR, execMasterLogPos: 1014 })],
    });
    const crawl = (r: typeof healthy) => ({ views: [readView(m1), readView(r)], aliases: new Map<string, string>() });

    for (let i = 0; i < 5; i++) await mc.observe(crawl(healthy), AbortSignal.timeout(1_000));
    expect(queries).toEqual([]);

    await mc.observe(crawl(stopped), AbortSignal.timeout(1_000));
    const first = queries.length;
    expect(queries[0]).toMatch(/^3306: SHOW BINLOG EVENTS/);
    expect(seen.at(-1)).toMatchObject({
      id: 'mdb:127.0.0.1:3307:default:1-11-3',
      status: 'open',
      target: { table: 'rd.items', key: 'id=1' },
      versions: [{ nodeId: '127.0.0.1:3307', value: { id: 1, val: 'from-m2' } }, { nodeId: '127.0.0.1:3306', value: { id: 1, val: 'from-m1' }, position: '1-11-3' }],
    });
    // The same stop, sampled again: explained already, no query.
    for (let i = 0; i < 3; i++) await mc.observe(crawl(stopped), AbortSignal.timeout(1_000));
    expect(queries.length).toBe(first);

    await mc.observe(crawl(healthy), AbortSignal.timeout(1_000));
    expect(queries.length).toBe(first);
    expect(seen.at(-1)).toMatchObject({ status: 'resolved', resolution: { by: 'engine', how: expect.stringContaining('past 1-11-3') } });
  });
});
