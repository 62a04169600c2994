import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEtcdCluster, type EtcdCluster } from './etcd-cluster';
import { freePorts } from './free-port';
import { isRoot, otherUserCwd, pgBinDir, pgOsUserIds } from './pg-binaries';
import { readPostmasterPid, signal, waitForExit } from './pg-process';
import { patroniConfig } from './patroni-config';
import { watchTestProcesses } from './process-reaper';
import { waitForPatroni } from './patroni-wait';

export interface PatroniMemberInfo {
  name: string;
  pgPort: number;
  restUrl: string;
  dataDir: string;
  logFile: string;
  /** `postgresql://postgres:…@127.0.0.1:port/postgres` */
  connectionString: string;
  /** The node id the postgres driver gives it. */
  nodeId: string;
}

export interface PatroniCluster {
  scope: string;
  members: readonly PatroniMemberInfo[];
  etcdUrls: string[];
  /** Wall time from spawning Patroni to a leader with every replica streaming (etcd start excluded). */
  startMs: number;
  etcdStartMs: number;
  member(name: string): PatroniMemberInfo;
  /** Waits until one leader runs and every other member streams from it; returns the leader's name. */
  waitHealthy(timeoutMs?: number): Promise<string>;
  /** The last lines of a member's Patroni log, for failure messages. */
  logTail(name: string): string;
  stop(): Promise<void>;
}

/** What is missing to run Patroni here, for the integration prerequisites. */
export function missingPatroniPrerequisites(): string[] {
  const r = spawnSync('patroni', ['--version'], { encoding: 'utf8' });
  return r.error || r.status !== 0 ? ['the `patroni` command (Patroni 3.x)'] : [];
}

/** A Patroni cluster of `size` members on one etcd, all on 127.0.0.1, Patroni (and postgres) running as the postgres user. */
export async function startPatroniCluster(size = 3): Promise<PatroniCluster> {
  const missing = missingPatroniPrerequisites();
  if (missing.length > 0) throw new Error(`missing ${missing.join(', ')}: apt-get install -y patroni etcd-server postgresql-15`);
  const binDir = pgBinDir();
  if (!binDir) throw new Error('pg_config not found: apt-get install -y postgresql-15');
  const etcd: EtcdCluster = await startEtcdCluster(1);
  const scope = `rd${randomBytes(3).toString('hex')}`;
  const root = mkdtempSync(path.join(os.tmpdir(), 'rd-patroni-'));
  chmodSync(root, 0o700);
  const ids = pgOsUserIds();
  const own = (p: string) => ids && chownSync(p, ids.uid, ids.gid);
  own(root);
  const password = `pw-${randomBytes(6).toString('hex')}`;
  const ports = await freePorts(size * 2);
  const members: PatroniMemberInfo[] = Array.from({ length: size }, (_, i) => {
    const pgPort = ports[i * 2] ?? 0;
    return {
      name: `pg${i + 1}`,
      pgPort,
      restUrl: `http://127.0.0.1:${ports[i * 2 + 1]}`,
      dataDir: path.join(root, `pg${i + 1}`),
      logFile: path.join(root, `pg${i + 1}.log`),
      connectionString: `postgresql://postgres:${password}@127.0.0.1:${pgPort}/postgres`,
      nodeId: `127.0.0.1:${pgPort}`,
    };
  });
  const reaper = watchTestProcesses(root, members.map((m) => m.dataDir));
  const children = new Map<string, ChildProcess>();
  const member = (name: string) => {
    const m = members.find((x) => x.name === name);
    if (!m) throw new Error(`no Patroni member ${name}`);
    return m;
  };
  const logTail = (name: string) => {
    try {
      return readFileSync(member(name).logFile, 'utf8').split('\n').slice(-30).join('\n');
    } catch {
      return '(no log)';
    }
  };

  const stop = async () => {
    // SIGTERM: Patroni stops postgres (fast) and exits. Then by PID whatever is left.
    await Promise.all([...children.values()].map((c) => stopChild(c)));
    for (const c of children.values()) if (c.pid) reaper.untrack(c.pid);
    const postmasters = members.flatMap((m) => {
      const pid = readPostmasterPid(m.dataDir);
      return pid ? [pid] : [];
    });
    postmasters.forEach((p) => signal(p, 'SIGQUIT'));
    await waitForExit(postmasters, 5_000);
    reaper.release();
    rmSync(root, { recursive: true, force: true });
    await etcd.stop();
  };

  const started = Date.now();
  try {
    for (const m of members) {
      const cfgPath = path.join(root, `${m.name}.yml`);
      writeFileSync(
        cfgPath,
        patroniConfig({
          scope,
          name: m.name,
          pgPort: m.pgPort,
          restPort: Number(new URL(m.restUrl).port),
          etcdHosts: etcd.clientUrls.map((u) => new URL(u).host),
          dataDir: m.dataDir,
          socketDir: root,
          binDir,
          pgpass: path.join(root, `${m.name}.pgpass`),
          superuserPassword: password,
          replicationPassword: `rep-${password}`,
        }),
      );
      own(cfgPath);
      const log = openSync(m.logFile, 'a');
      const child = spawn('patroni', [cfgPath], {
        cwd: otherUserCwd(),
        stdio: ['ignore', log, log],
        env: { ...process.env, HOME: root, LC_ALL: 'C' },
        ...(isRoot && ids ? { uid: ids.uid, gid: ids.gid } : {}),
      });
      closeSync(log);
      if (!child.pid) throw new Error(`could not start Patroni ${m.name}`);
      reaper.track(child.pid);
      children.set(m.name, child);
    }
    await waitForPatroni(members, 90_000);
  } catch (e) {
    const logs = members.map((m) => `--- ${m.name}\n${logTail(m.name)}`).join('\n');
    await stop();
    throw new Error(`${(e as Error).message}\n${logs}`);
  }
  return {
    scope,
    members,
    etcdUrls: etcd.clientUrls,
    startMs: Date.now() - started,
    etcdStartMs: etcd.startMs,
    member,
    waitHealthy: (timeoutMs = 60_000) => waitForPatroni(members, timeoutMs),
    logTail,
    stop,
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
