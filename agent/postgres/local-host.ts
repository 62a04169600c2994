import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ControlData } from '../../shared/agent/commands';
import { conninfo } from '../../shared/postgres/quote';
import { fail, ok, type Result } from '../../shared/result';
import { standbyAutoConf, type StandbyConf } from './auto-conf';
import { parseControlData } from './control-data';
import { postmasterState, removeStaleLocks } from './postmaster';

export interface LocalPostgresOptions {
  dataDir: string;
  /** `pg_config --bindir`. */
  binDir: string;
  /** Run the tools as this OS user (via runuser) when the agent runs as root; null to run them as ourselves. */
  runAs: string | null;
  /** pg_ctl's log file for start. */
  logFile: string;
  replicationUser: string;
  /** For pg_rewind's --source-server, besides host and port (e.g. `user=rewinder dbname=postgres`). */
  rewindConninfo: string;
  /** Password for pg_rewind's login (PGPASSWORD); else ~/.pgpass of the OS user, or trust. */
  rewindPassword?: string;
}

/**
 * What only the host of a PostgreSQL server can do, for the agent's postgres
 * backend: stop, start, read the control file, pg_rewind and write the standby
 * configuration. Every operation is idempotent and reports what it did.
 */
export class LocalPostgresHost {
  constructor(private readonly o: LocalPostgresOptions) {}

  /** Whether the postmaster runs (from postmaster.pid and /proc; no process spawned). */
  async isRunning(): Promise<boolean> {
    return (await postmasterState(this.o.dataDir)).kind === 'running';
  }

  /**
   * Fast shutdown, as `pg_ctl stop -m fast -w` does it: SIGINT to the postmaster, then
   * wait for postmaster.pid to go. Done directly (polling every 10 ms) because pg_ctl
   * polls every 100 ms and this wait is inside a switchover's write outage.
   */
  async stop(signal: AbortSignal): Promise<Result<string>> {
    const st = await postmasterState(this.o.dataDir);
    if (st.kind === 'stale') await removeStaleLocks(this.o.dataDir, st);
    if (st.kind !== 'running') return ok('already stopped');
    try {
      process.kill(st.pid, 'SIGINT');
    } catch {
      // Not ours to signal (another OS user): pg_ctl, run as the server's user, can.
      const r = await this.run('pg_ctl', ['stop', '-w', '-m', 'fast', '-D', this.o.dataDir], signal);
      return r.ok ? ok('stopped (fast)') : r;
    }
    const deadline = Date.now() + 120_000;
    while ((await postmasterState(this.o.dataDir)).kind === 'running') {
      if (signal.aborted) return fail('aborted', 'stopping was cancelled; the server is still shutting down');
      if (Date.now() > deadline) return fail('host-command-failed', 'the server did not finish a fast shutdown within 120 s');
      await new Promise((r) => setTimeout(r, 10));
    }
    return ok('stopped (fast)');
  }

  async start(signal: AbortSignal): Promise<Result<string>> {
    if (await this.runningOrCleaned()) return ok('already running');
    const r = await this.run('pg_ctl', ['start', '-w', '-t', '60', '-D', this.o.dataDir, '-l', this.o.logFile], signal);
    return r.ok ? ok('started') : r;
  }

  /** `pg_controldata`, parsed. */
  async controlData(signal: AbortSignal): Promise<Result<ControlData>> {
    const r = await this.run('pg_controldata', ['-D', this.o.dataDir], signal);
    return r.ok ? ok(parseControlData(r.value)) : r;
  }

  /** "Latest checkpoint location" of a cleanly shut down server. */
  async shutdownCheckpointLsn(signal: AbortSignal): Promise<Result<string>> {
    const r = await this.controlData(signal);
    if (!r.ok) return r;
    const { clusterState: state, latestCheckpointLsn: lsn } = r.value;
    if (state !== 'shut down') return fail('not-shut-down', `the server is not cleanly shut down (state: ${state})`);
    return lsn ? ok(lsn) : fail('no-checkpoint', 'pg_controldata shows no latest checkpoint location');
  }

  /** pg_rewind from `source`; keeps this node's own postgresql.auto.conf (pg_rewind copies the source's). */
  async rewind(source: { host: string; port: number }, signal: AbortSignal): Promise<Result<string>> {
    const own = await this.readAutoConf();
    const src = `${conninfo({ host: source.host, port: source.port })} ${this.o.rewindConninfo}`.trim();
    if (await this.runningOrCleaned()) return fail('server-running', 'pg_rewind needs a stopped server: stop it first');
    const env: Record<string, string> = this.o.rewindPassword === undefined ? {} : { PGPASSWORD: this.o.rewindPassword };
    const r = await this.run('pg_rewind', ['-D', this.o.dataDir, `--source-server=${src}`], signal, env);
    if (own !== null) await this.writeOwned(this.autoConfPath(), own);
    if (!r.ok) return r;
    return ok(r.value.trim().split('\n').slice(-2).join(' '));
  }

  /** standby.signal, and primary_conninfo → upstream in postgresql.auto.conf (port, cluster_name kept). */
  async writeStandbyConfig(upstream: StandbyConf['upstream']): Promise<Result<string>> {
    try {
      const current = (await this.readAutoConf()) ?? '';
      await this.writeOwned(this.autoConfPath(), standbyAutoConf(current, { upstream, user: this.o.replicationUser }));
      await this.writeOwned(path.join(this.o.dataDir, 'standby.signal'), '');
      return ok(`standby.signal written; primary_conninfo → ${upstream.host}:${upstream.port}`);
    } catch (e) {
      return fail('write-failed', `writing the standby configuration: ${(e as Error).message}`);
    }
  }

  /** True when the server runs; a dead postmaster's lock files are removed (as after kill -9). */
  private async runningOrCleaned(): Promise<boolean> {
    const st = await postmasterState(this.o.dataDir);
    if (st.kind === 'stale') await removeStaleLocks(this.o.dataDir, st);
    return st.kind === 'running';
  }

  private autoConfPath(): string {
    return path.join(this.o.dataDir, 'postgresql.auto.conf');
  }

  private async readAutoConf(): Promise<string | null> {
    return fs.readFile(this.autoConfPath(), 'utf8').catch(() => null);
  }

  /** Writes a file in the data dir owned like the data dir (the server's OS user). */
  private async writeOwned(file: string, text: string): Promise<void> {
    await fs.writeFile(file, text, { mode: 0o600 });
    const dir = await fs.stat(this.o.dataDir);
    if (typeof process.getuid === 'function' && process.getuid() === 0) await fs.chown(file, dir.uid, dir.gid);
  }

  private run(bin: string, args: string[], signal: AbortSignal, env: Record<string, string> = {}): Promise<Result<string>> {
    const file = path.join(this.o.binDir, bin);
    const [cmd, argv] = this.o.runAs ? ['runuser', ['-u', this.o.runAs, '--', file, ...args]] : [file, args];
    return new Promise((resolve) => {
      // cwd '/': the tools may run as another user (runAs), who cannot always enter the agent's own directory.
      const child = spawn(cmd, argv, { cwd: '/', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C', ...env }, signal });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.on('error', (e) => resolve(fail('host-command-failed', `${bin}: ${e.message}`)));
      child.on('close', (code) =>
        resolve(code === 0 ? ok(out) : fail('host-command-failed', `${bin} ${args[0] ?? ''} exited with ${code}: ${out.trim().split('\n').slice(-3).join(' ')}`)),
      );
    });
  }
}
