import { ControlDataSchema, type HostCommand } from '../../../../shared/agent/commands';
import type { PostgresAgent } from '../../../../shared/model/cluster';
import { fail, ok, type Result } from '../../../../shared/result';
import { parseOrFail } from '../../../../shared/validate';
import { Backoff } from '../../../../shared/backoff';
import type { Disposable } from '../../../core/lifecycle';
import type { Logger } from '../../../core/logger';
import { AgentConnection } from '../../agent/connection';
import { CLIENT_VERSION } from '../../agent/driver';
import { nodeIdOf } from '../conn-string';
import type { Endpoint, HostControl } from './host-control';

export interface AgentHostControlOptions {
  log: Logger;
  now(): number;
  /** One attempt: TCP, TLS, upgrade and `welcome`. */
  connectTimeoutMs?: number;
  /** pg_rewind of a big server can take minutes. */
  commandTimeoutMs?: number;
  backoff?: { baseMs: number; maxMs: number };
  random?: () => number;
}

/** The agent streams reports, which the driver does not need (it reads SQL itself): ask for the slowest rate. */
const REPORT_INTERVAL_MS = 60_000;

/**
 * HostControl over agent protocol v1: each node's host half is the
 * `postgres` agent backend on that host (`replicadesk-agent --backend postgres`).
 * Connections reconnect with backoff; a node is controlled while its agent is
 * connected and is a postgres agent offering the host commands.
 */
export class AgentHostControl implements HostControl, Disposable {
  private readonly byNode = new Map<string, AgentConnection>();

  constructor(agents: readonly PostgresAgent[], o: AgentHostControlOptions) {
    for (const a of agents) {
      const conn = new AgentConnection({
        url: a.url,
        token: a.token,
        intervalMs: REPORT_INTERVAL_MS,
        clientVersion: CLIENT_VERSION,
        backoff: new Backoff(o.backoff ?? { baseMs: 500, maxMs: 10_000 }, o.random),
        now: o.now,
        log: o.log,
        connectTimeoutMs: o.connectTimeoutMs ?? 5_000,
        commandTimeoutMs: o.commandTimeoutMs ?? 300_000,
      });
      this.byNode.set(nodeAddressId(a.nodeAddress), conn);
      conn.start();
    }
  }

  /** The agents' connections by node id, for status displays and tests. */
  get connections(): ReadonlyMap<string, AgentConnection> {
    return this.byNode;
  }

  controls(nodeId: string): boolean {
    const st = this.byNode.get(nodeId)?.status;
    return st?.kind === 'ready' && st.welcome.engine === 'postgres' && st.welcome.capabilities.includes('stop');
  }

  /** Resolves once every agent is connected (true), or false at the deadline. */
  waitReady(timeoutMs: number): Promise<boolean> {
    const conns = [...this.byNode.values()];
    const ready = () => conns.every((c) => c.status.kind === 'ready');
    return new Promise((resolve) => {
      const offs: (() => void)[] = [];
      const finish = (v: boolean) => {
        offs.forEach((off) => off());
        clearTimeout(timer);
        resolve(v);
      };
      const timer = setTimeout(() => finish(ready()), timeoutMs);
      for (const c of conns) offs.push(c.onChange(() => ready() && finish(true)));
      if (ready()) finish(true);
    });
  }

  stop(nodeId: string, signal: AbortSignal): Promise<Result<string>> {
    return this.text(nodeId, { name: 'stop' }, signal);
  }

  start(nodeId: string, signal: AbortSignal): Promise<Result<string>> {
    return this.text(nodeId, { name: 'start' }, signal);
  }

  async shutdownCheckpointLsn(nodeId: string, signal: AbortSignal): Promise<Result<string>> {
    const r = await this.send(nodeId, { name: 'controlData' }, signal);
    if (!r.ok) return r;
    const cd = parseOrFail(ControlDataSchema, r.value, 'controlData answer');
    if (!cd.ok) return cd;
    const { clusterState: state, latestCheckpointLsn: lsn } = cd.value;
    if (state !== 'shut down') return fail('not-shut-down', `${nodeId} is not cleanly shut down (pg_controldata: ${state})`);
    return lsn ? ok(lsn) : fail('no-checkpoint', `pg_controldata of ${nodeId} shows no latest checkpoint location`);
  }

  rewind(nodeId: string, source: Endpoint, signal: AbortSignal): Promise<Result<string>> {
    return this.text(nodeId, { name: 'rewind', source: { host: source.host, port: source.port } }, signal);
  }

  writeStandbyConfig(nodeId: string, upstream: Endpoint, signal: AbortSignal): Promise<Result<string>> {
    return this.text(nodeId, { name: 'writeStandbyConfig', upstream: { host: upstream.host, port: upstream.port } }, signal);
  }

  dispose(): void {
    for (const c of this.byNode.values()) c.dispose();
    this.byNode.clear();
  }

  private async text(nodeId: string, cmd: HostCommand, signal: AbortSignal): Promise<Result<string>> {
    const r = await this.send(nodeId, cmd, signal);
    if (!r.ok) return r;
    return ok(typeof r.value === 'string' ? r.value : JSON.stringify(r.value));
  }

  private send(nodeId: string, cmd: HostCommand, signal: AbortSignal): Promise<Result<unknown>> {
    const conn = this.byNode.get(nodeId);
    if (!conn) return Promise.resolve(fail('needs-agent', `no agent is configured for ${nodeId}`));
    if (signal.aborted) return Promise.resolve(fail('aborted', `${cmd.name} on ${nodeId} was cancelled`));
    return new Promise((resolve) => {
      const onAbort = () => resolve(fail('aborted', `${cmd.name} on ${nodeId} was cancelled (the agent may still finish it)`));
      signal.addEventListener('abort', onAbort, { once: true });
      void conn.command(cmd).then((r) => {
        signal.removeEventListener('abort', onAbort);
        resolve(r.ok ? r : fail(r.code, `agent of ${nodeId}: ${cmd.name}: ${r.reason}`));
      });
    });
  }
}

/** `host:port` (or `[v6]:port`) as a node id, normalised like the driver's. */
export function nodeAddressId(address: string): string {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(address.trim());
  if (!m) return address.trim();
  return nodeIdOf(m[1] ?? m[2] ?? '', Number(m[3]));
}
