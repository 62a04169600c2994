import { appendFileSync, chownSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalPostgresHost } from '../../agent/postgres/local-host';
import { parseKeyValue } from '../../electron/drivers/postgres/conninfo-kv';
import { configFileValue } from '../../shared/postgres/quote';
import { createPgCluster, type PgCluster } from '../harness/pg-cluster';
import { pgBinDir } from '../harness/pg-binaries';
import { waitUntil } from '../harness/pg-query';
import { fixedRuns, hostileAsciiName, hostileName } from '../harness/hostile-names';

/**
 * The agent's primary_conninfo writer (postgresql.auto.conf of a standby) with
 * hostile values: the server must start, `SHOW primary_conninfo` must split
 * into exactly the values written (no added keyword), and with a real upstream
 * the receiver streams from it under the hostile application_name.
 */
let cluster: PgCluster;
let host: LocalPostgresHost;
let autoConf: string;
let original: string;

const standby = <R extends Record<string, unknown>>(sql: string, params?: unknown[]) => cluster.query<R & Record<string, unknown>>('standby1', sql, params);
const primary = <R extends Record<string, unknown>>(sql: string, params?: unknown[]) => cluster.query<R & Record<string, unknown>>('primary', sql, params);

/** Stops the standby, sets its cluster_name (the writer's application_name), writes primary_conninfo → upstream, starts it. */
async function restartWith(upstream: { host: string; port: number }, clusterName: string): Promise<void> {
  await cluster.stopNode('standby1');
  const { uid, gid } = statSync(autoConf);
  appendFileSync(autoConf, `cluster_name = ${configFileValue(clusterName)}\n`);
  chownSync(autoConf, uid, gid);
  const w = await host.writeStandbyConfig(upstream);
  if (!w.ok) throw new Error(w.reason);
  await cluster.startNode('standby1');
}

const conninfoNow = async () => {
  const kv = parseKeyValue((await standby<{ c: string }>(`SELECT current_setting('primary_conninfo') AS c`))[0]!.c);
  if (!kv.ok) throw new Error(kv.reason);
  return Object.fromEntries(kv.value);
};

beforeAll(async () => {
  cluster = await createPgCluster({ standbys: 1 });
  const node = cluster.node('standby1');
  autoConf = path.join(node.dataDir, 'postgresql.auto.conf');
  original = readFileSync(autoConf, 'utf8');
  expect(original).toContain('primary_conninfo');
  host = new LocalPostgresHost({ dataDir: node.dataDir, binDir: pgBinDir()!, runAs: null, logFile: node.logFile, replicationUser: 'postgres', rewindConninfo: '' });
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
});

describe("the agent's primary_conninfo writer, against a real PG15 standby", () => {
  const port = () => cluster.node('primary').port;

  it('takes a host holding "port=1 sslmode=disable" as one host value: no keyword added, the server starts', async () => {
    await restartWith({ host: '127.0.0.1 port=1 sslmode=disable', port: port() }, 'n1');
    expect(await conninfoNow()).toEqual({ host: '127.0.0.1 port=1 sslmode=disable', port: String(port()), user: 'postgres', application_name: 'n1' });
  });

  it('takes a line break in a value (written as \\n, which PG15 reads back): the server starts and shows it', async () => {
    await restartWith({ host: '127.0.0.1\nport=1', port: port() }, "it's\nme");
    expect(await conninfoNow()).toEqual({ host: '127.0.0.1\nport=1', port: String(port()), user: 'postgres', application_name: "it's\nme" });
  });

  it('property: any hostile application_name reads back exactly, and the receiver streams under it from the real upstream', async () => {
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(hostileAsciiName, async (app) => {
        await restartWith({ host: '127.0.0.1', port: port() }, app);
        expect(await conninfoNow()).toEqual({ host: '127.0.0.1', port: String(port()), user: 'postgres', application_name: app });
        await waitUntil(async () => (await primary(`SELECT 1 FROM pg_stat_replication WHERE application_name = $1 AND state = 'streaming'`, [app])).length === 1, `a sender for ${JSON.stringify(app)}`, 15_000);
        const [r] = await standby<{ sender_host: string; sender_port: number }>(`SELECT sender_host, sender_port FROM pg_stat_wal_receiver`);
        expect(r).toMatchObject({ sender_host: '127.0.0.1', sender_port: port() });
      }),
      fixedRuns(6),
    );
    console.log(`bench quoting-agent-conninfo: runs=6 ms=${Date.now() - started}`);
  });

  it('property: any hostile value (Unicode, line breaks, quotes, backslashes) as host reads back exactly; the server always starts', async () => {
    await fc.assert(
      fc.asyncProperty(hostileName, async (h) => {
        await restartWith({ host: h, port: port() }, 'n2');
        expect((await conninfoNow()).host).toBe(h);
      }),
      fixedRuns(4),
    );
  });
});
