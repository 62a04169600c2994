import { rmSync } from 'node:fs';
import path from 'node:path';
import { runPg } from './pg-binaries';
import { tailLog } from './pg-node-config';
import { childPids, isAlive, readPostmasterPid, signal, waitForExit } from './pg-process';

export interface PgNodeInfo {
  /** Also the node's cluster_name, so each standby's application_name is unique. */
  name: string;
  port: number;
  dataDir: string;
  logFile: string;
  /** unix_socket_directories of this node (the cluster's temp dir). */
  socketDir: string;
  /** Name of the node this one streams from; null for the primary. */
  upstream: string | null;
  /** Superuser over TCP (with the password when the cluster uses password auth). */
  connectionString: string;
}

/** One server process of a test cluster, started and stopped by PID. */
export class PgNode {
  private pid: number | null = null;

  constructor(readonly info: PgNodeInfo) {}

  get postmasterPid(): number | null {
    return this.pid !== null && isAlive(this.pid) ? this.pid : null;
  }

  async start(): Promise<void> {
    const { dataDir, logFile, name } = this.info;
    // After kill -9 the dead postmaster may linger as a zombie until its parent reaps it,
    // and the server would take its stale lock files for a live one's.
    const stale = readPostmasterPid(dataDir);
    if (stale && !isAlive(stale)) {
      rmSync(path.join(dataDir, 'postmaster.pid'), { force: true });
      rmSync(path.join(this.info.socketDir, `.s.PGSQL.${this.info.port}.lock`), { force: true });
      rmSync(path.join(this.info.socketDir, `.s.PGSQL.${this.info.port}`), { force: true });
    }
    try {
      await runPg('pg_ctl', ['start', '-w', '-t', '60', '-D', dataDir, '-l', logFile]);
    } catch (e) {
      throw new Error(`${name} did not start: ${(e as Error).message}\n${tailLog(logFile)}`);
    }
    this.pid = readPostmasterPid(dataDir);
    if (!this.pid) throw new Error(`${name} started but wrote no postmaster.pid\n${tailLog(logFile)}`);
  }

  /** `pg_ctl stop -m fast`: a clean shutdown, as an admin would do it. */
  async stopFast(): Promise<void> {
    if (!this.postmasterPid) return;
    await runPg('pg_ctl', ['stop', '-w', '-m', 'fast', '-D', this.info.dataDir]);
    this.pid = null;
  }

  /** SIGKILL the postmaster and its children at once, like a crashed host. */
  async kill9(): Promise<void> {
    const pid = this.postmasterPid;
    if (!pid) return;
    const children = childPids(pid);
    signal(pid, 'SIGKILL');
    children.forEach((c) => signal(c, 'SIGKILL'));
    await waitForExit([pid, ...children], 5_000);
    this.pid = null;
  }

  /** SIGSTOP the server and its children: connections stay open, nothing answers (a hung host). */
  freeze(): void {
    const pid = this.postmasterPid;
    if (!pid) return;
    [pid, ...childPids(pid)].forEach((p) => signal(p, 'SIGSTOP'));
  }

  thaw(): void {
    const pid = this.postmasterPid;
    if (!pid) return;
    [pid, ...childPids(pid)].forEach((p) => signal(p, 'SIGCONT'));
  }

  /** Immediate shutdown by PID (SIGQUIT), for teardown. */
  async reap(): Promise<void> {
    const pid = this.postmasterPid;
    if (!pid) return;
    const children = childPids(pid);
    [pid, ...children].forEach((p) => signal(p, 'SIGCONT'));
    signal(pid, 'SIGQUIT');
    await waitForExit([pid, ...children], 10_000);
    this.pid = null;
  }
}
