import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { pgOsUserIds, runPg } from './pg-binaries';
import { freePorts } from './free-port';
import { writeNodeConfig } from './pg-node-config';
import { PgNode, type PgNodeInfo } from './pg-node';
import { socketQuery, waitUntil } from './pg-query';
import { watchTestProcesses } from './process-reaper';
import { copyTemplate, pgTemplateDir } from './pg-template';

export type { PgNodeInfo } from './pg-node';

export interface PgClusterOptions {
  /** Standbys named standby1…N. Default 2. */
  standbys?: number;
  /** The last standby streams from standby1 instead of the primary (needs standbys >= 2). */
  cascading?: boolean;
  /** scram for TCP logins (default true); false trusts 127.0.0.1. */
  passwordAuth?: boolean;
  /** Extra postgresql.auto.conf settings for every node. */
  settings?: Record<string, string | number>;
}

export interface PgCluster {
  root: string;
  nodes: readonly PgNodeInfo[];
  superuserPassword: string;
  /** Wall time from start to every standby streaming. */
  createdInMs: number;
  node(name: string): PgNodeInfo;
  /** A TCP connection string for `name`, as `user` (default the superuser). */
  connectionString(name: string, opts?: { user?: string; password?: string; params?: string }): string;
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(name: string, sql: string, params?: unknown[]): Promise<R[]>;
  stopNode(name: string): Promise<void>;
  startNode(name: string): Promise<void>;
  kill9(name: string): Promise<void>;
  /** SIGSTOP / SIGCONT a node and its children: a hung server. */
  freeze(name: string): void;
  thaw(name: string): void;
  /** Waits until every running standby streams from its upstream. */
  waitForStreaming(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function createPgCluster(opts: PgClusterOptions = {}): Promise<PgCluster> {
  const started = performance.now();
  const standbys = opts.standbys ?? 2;
  if (opts.cascading && standbys < 2) throw new Error('a cascading cluster needs at least 2 standbys');
  const passwordAuth = opts.passwordAuth ?? true;
  const password = `pw-${randomBytes(6).toString('hex')}`;
  const root = mkdtempSync(path.join(os.tmpdir(), 'rd-pg-'));
  chmodSync(root, 0o700);
  const ids = pgOsUserIds();
  if (ids) chownSync(root, ids.uid, ids.gid);

  const names = ['primary', ...Array.from({ length: standbys }, (_, i) => `standby${i + 1}`)];
  const ports = await freePorts(names.length);
  const upstreamOf = (i: number): string | null =>
    i === 0 ? null : opts.cascading && i === standbys ? 'standby1' : 'primary';
  const nodes = names.map((name, i) => {
    const port = ports[i] ?? 0;
    const userinfo = passwordAuth ? `postgres:${password}` : 'postgres';
    return new PgNode({
      name,
      port,
      dataDir: path.join(root, name),
      logFile: path.join(root, `${name}.log`),
      socketDir: root,
      upstream: upstreamOf(i),
      connectionString: `postgresql://${userinfo}@127.0.0.1:${port}/postgres`,
    });
  });
  const reaper = watchTestProcesses(root, nodes.map((n) => n.info.dataDir));
  const byName = (name: string): PgNode => {
    const node = nodes.find((n) => n.info.name === name);
    if (!node) throw new Error(`no node ${name} in this cluster (${names.join(', ')})`);
    return node;
  };
  const configure = (node: PgNode) =>
    writeNodeConfig(
      node.info.dataDir,
      {
        name: node.info.name,
        port: node.info.port,
        socketDir: root,
        upstreamPort: node.info.upstream ? byName(node.info.upstream).info.port : null,
        extra: opts.settings,
      },
      passwordAuth,
    );
  const query = <R extends pg.QueryResultRow>(name: string, sql: string, params?: unknown[]) =>
    socketQuery<R>(root, byName(name).info.port, sql, params);

  const waitForStreaming = async (timeoutMs = 30_000) => {
    for (const node of nodes) {
      const up = node.info.upstream;
      if (!up || !node.postmasterPid || !byName(up).postmasterPid) continue;
      await waitUntil(
        async () =>
          (
            await query(up, `SELECT 1 FROM pg_stat_replication WHERE application_name = $1 AND state = 'streaming'`, [
              node.info.name,
            ])
          ).length > 0,
        `${node.info.name} to stream from ${up}`,
        timeoutMs,
      );
    }
  };

  const stop = async () => {
    await Promise.all(nodes.map((n) => n.reap()));
    reaper.release();
    rmSync(root, { recursive: true, force: true });
  };

  try {
    const [primary, ...rest] = nodes;
    if (!primary) throw new Error('unreachable: no primary');
    copyTemplate(await pgTemplateDir(), primary.info.dataDir);
    configure(primary);
    await primary.start();
    if (passwordAuth) await query('primary', `ALTER ROLE postgres PASSWORD '${password}'`);
    // Every standby is a base backup of the primary; the cascading one is then pointed at standby1.
    await Promise.all(
      rest.map(async (node) => {
        const args = ['-h', '127.0.0.1', '-p', String(primary.info.port), '-U', 'postgres'];
        await runPg('pg_basebackup', [...args, '-D', node.info.dataDir, '-R', '-c', 'fast', '-N']);
        configure(node);
        await node.start();
      }),
    );
    await waitForStreaming();
  } catch (e) {
    await stop();
    throw e;
  }

  return {
    root,
    nodes: nodes.map((n) => n.info),
    superuserPassword: password,
    createdInMs: Math.round(performance.now() - started),
    node: (name) => byName(name).info,
    connectionString(name, o = {}) {
      const user = o.user ?? 'postgres';
      const pw = o.password ?? (o.user ? undefined : passwordAuth ? password : undefined);
      const auth = pw === undefined ? encodeURIComponent(user) : `${encodeURIComponent(user)}:${encodeURIComponent(pw)}`;
      const q = o.params ? `?${o.params}` : '';
      return `postgresql://${auth}@127.0.0.1:${byName(name).info.port}/postgres${q}`;
    },
    query,
    stopNode: (name) => byName(name).stopFast(),
    startNode: (name) => byName(name).start(),
    kill9: (name) => byName(name).kill9(),
    freeze: (name) => byName(name).freeze(),
    thaw: (name) => byName(name).thaw(),
    waitForStreaming,
    stop,
  };
}
