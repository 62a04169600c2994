import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppCore } from '../../electron/core/app-core';
import { ownerOnlyFileCodec } from '../../electron/core/settings/secret-store';
import { createLogger } from '../../electron/core/logger';
import { resolveDriver } from '../../electron/drivers';
import type { Cluster } from '../../shared/model/cluster';
import { createPgCluster, type PgCluster } from '../harness/pg-cluster';
import { waitUntil } from '../harness/pg-query';

let cluster: PgCluster;
let dir = '';

// One login per form, each with its own password, so a login that works proves that form's secret came back.
const LOGINS = [
  { role: 'rd_userinfo', password: 'Sx-userinfo-1' },
  { role: 'rd_query', password: 'Sx-query-2' },
  { role: 'rd_kv', password: "Sx kv 'q' 3" },
  { role: 'rd_at', password: 'Sx@tail-4' },
];

beforeAll(async () => {
  cluster = await createPgCluster({ standbys: 0 });
  for (const l of LOGINS) await cluster.query('primary', `CREATE ROLE ${l.role} LOGIN SUPERUSER PASSWORD '${l.password.replace(/'/g, "''")}'`);
  dir = mkdtempSync(path.join(tmpdir(), 'rd-secrets-int-'));
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function filesUnder(d: string): string[] {
  return readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(d, e.name)) : [path.join(d, e.name)]));
}

describe('secrets against a real PostgreSQL 15', () => {
  it('logs in with every form, keeps every secret out of every file but secrets.json and out of the logs, and logs in again after a restart', async () => {
    const port = cluster.node('primary').port;
    const seeds = {
      userinfo: `postgresql://rd_userinfo:${encodeURIComponent('Sx-userinfo-1')}@127.0.0.1:${port}/postgres?sslmode=disable`,
      query: `postgresql://rd_query@127.0.0.1:${port}/postgres?password=Sx-query-2&sslmode=disable&sslpassword=Sx-qssl-5`,
      kv: `host=127.0.0.1 port=${port} user=rd_kv dbname=postgres sslmode=disable sslpassword=Sx-kvssl-6 password='Sx kv \\'q\\' 3'`,
      at: `postgresql://rd_at:Sx@tail-4@127.0.0.1:${port}/postgres?sslmode=disable`,
    };
    const secrets = ['Sx-userinfo-1', 'Sx-query-2', "Sx kv 'q' 3", 'Sx kv', 'Sx@tail-4', 'tail-4', 'Sx-qssl-5', 'Sx-kvssl-6', 'Sx-patroni-7'];
    const logged: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      logged.push(String(chunk));
      return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stderr.write;
    const env = process.env.REPLICADESK_LOG;
    process.env.REPLICADESK_LOG = 'debug';
    const leaks: string[] = [];
    const grep = (form: string) => {
      for (const secret of secrets) {
        for (const f of filesUnder(dir).filter((x) => path.basename(x) !== 'secrets.json')) {
          if (readFileSync(f, 'utf8').includes(secret)) leaks.push(`${form}: ${secret} in ${path.relative(dir, f)}`);
        }
        if (logged.some((l) => l.includes(secret))) leaks.push(`${form}: ${secret} in the log`);
      }
    };
    const open = () => AppCore.create({ dataDir: dir, secretCodec: ownerOnlyFileCodec, resolveDriver, log: createLogger('test/secrets'), deltaFlushMs: 50 });
    try {
      // One form at a time: the app refuses two clusters over the same server.
      for (const [name, seed] of Object.entries(seeds)) {
        const core = await open();
        const spec = { engine: 'postgres' as const, name, seeds: [seed], sampleIntervalMs: 500, ...(name === 'userinfo' ? { patroniUrls: ['http://admin:Sx-patroni-7@127.0.0.1:1'] } : {}) };
        const added = await core.handle('clusters:add', spec);
        expect(added, name).toMatchObject({ ok: true, value: { status: { kind: 'live' } } });
        await new Promise((r) => setTimeout(r, 1_000));
        await core.dispose();
        grep(name);
        // After a restart the cluster logs in again: its secrets came back from the store.
        const again = await open();
        await waitUntil(async () => {
          const list = await again.handle('clusters:list', {});
          const clusters = (list.ok ? list.value : []) as Cluster[];
          return clusters.length === 1 && clusters[0]!.status.kind === 'live';
        }, `${name}: the restored cluster to be live`, 20_000);
        grep(name);
        const id = ((await again.handle('clusters:list', {})) as { value: Cluster[] }).value[0]!.id;
        await again.handle('clusters:remove', { clusterId: id });
        await again.dispose();
      }
    } finally {
      process.stderr.write = write;
      if (env === undefined) delete process.env.REPLICADESK_LOG;
      else process.env.REPLICADESK_LOG = env;
    }
    expect(leaks).toEqual([]);
  }, 90_000);
});
