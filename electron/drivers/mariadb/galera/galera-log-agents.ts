import type { AgentEvent } from '../../../../shared/agent/events';
import { GALERA_CONFLICTS_KEPT, type GaleraLoggedConflict } from '../../../../shared/engines/galera-conflict';
import type { GaleraLogAgentState } from '../../../../shared/engines/galera';
import type { PostgresAgent } from '../../../../shared/model/cluster';
import { Backoff } from '../../../../shared/backoff';
import type { DriverEvent } from '../../../core/driver';
import type { Logger } from '../../../core/logger';
import { AgentConnection, type AgentConnectionStatus, type LatestReport } from '../../agent/connection';
import { CLIENT_VERSION } from '../../agent/driver';
import { parseServerAddress } from '../server-address';

export interface GaleraLogAgentsOptions {
  log: Logger;
  now(): number;
  connectTimeoutMs: number;
  /** How often the agents report (whether they can read the log); default 2 s. */
  reportIntervalMs?: number;
}

/** The agent's reports say only whether it can read the log (the driver reads the server over SQL): every 2 s. */
const REPORT_INTERVAL_MS = 2_000;

/**
 * The `mariadb` node agents of a Galera cluster (spec `agents`): each follows its node's error log and pushes
 * every conflict it shows. This keeps the newest few per node for the panel, and turns each into a driver event
 * named by the node id the spec gives (not the id the agent announces).
 */
export class GaleraLogAgents {
  private readonly byNode = new Map<string, AgentConnection>();
  private readonly recent = new Map<string, GaleraLoggedConflict[]>();
  private readonly listeners = new Set<(e: DriverEvent) => void>();
  /** Each node's agent state when last told (an event marks every change). */
  private readonly told = new Map<string, GaleraLogAgentState['state']>();

  constructor(
    agents: readonly PostgresAgent[],
    private readonly o: GaleraLogAgentsOptions,
  ) {
    for (const a of agents) {
      const parsed = parseServerAddress(a.nodeAddress);
      const nodeId = parsed.ok ? parsed.value.id : a.nodeAddress.trim();
      const conn = new AgentConnection({
        url: a.url,
        token: a.token,
        intervalMs: o.reportIntervalMs ?? REPORT_INTERVAL_MS,
        clientVersion: CLIENT_VERSION,
        backoff: new Backoff({ baseMs: 500, maxMs: 10_000 }),
        now: o.now,
        log: o.log,
        connectTimeoutMs: o.connectTimeoutMs,
        commandTimeoutMs: 10_000,
      });
      conn.onEvent((e) => this.received(nodeId, e));
      conn.onChange(() => this.changed(nodeId));
      this.byNode.set(nodeId, conn);
      conn.start();
    }
  }

  /** The node's error log is being followed now: its agent is connected and is a `mariadb` agent. */
  attached(nodeId: string): boolean {
    const st = this.byNode.get(nodeId)?.status;
    return st?.kind === 'ready' && st.welcome.engine === 'mariadb';
  }

  /** What the node's agent is doing (connected and reading, not connected, log unreadable); undefined without one. */
  stateOf(nodeId: string): GaleraLogAgentState | undefined {
    const conn = this.byNode.get(nodeId);
    return conn ? logAgentState(conn.url, conn.status, conn.latest) : undefined;
  }

  /** Newest first; undefined for a node without an agent. */
  conflictsOf(nodeId: string): GaleraLoggedConflict[] | undefined {
    return this.byNode.has(nodeId) ? (this.recent.get(nodeId) ?? []) : undefined;
  }

  get nodeIds(): string[] {
    return [...this.byNode.keys()];
  }

  onEvent(listener: (e: DriverEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    for (const c of this.byNode.values()) c.dispose();
    this.byNode.clear();
    this.listeners.clear();
  }

  /** One event per change of a node's agent state (not for the first attempts before it was ever connected). */
  private changed(nodeId: string): void {
    const st = this.stateOf(nodeId);
    if (!st) return;
    const before = this.told.get(nodeId);
    const conn = this.byNode.get(nodeId)!;
    // Not yet: the first attempt is under way, or the agent said welcome but not yet whether it reads the log.
    const early = (before === undefined && conn.status.kind === 'connecting') || (conn.status.kind === 'ready' && conn.latest.size === 0);
    if (st.state === before || early) return;
    this.told.set(nodeId, st.state);
    const message =
      st.state === 'connected'
        ? `error-log agent of ${nodeId} connected: ${st.detail}`
        : st.state === 'log-unreadable'
          ? `error-log agent of ${nodeId} cannot read the log: ${st.detail}; its conflicts are not seen`
          : `error-log agent of ${nodeId} not connected: ${st.detail}; its conflicts are not seen`;
    const event: DriverEvent = { at: this.o.now(), kind: 'monitor-error', severity: st.state === 'connected' ? 'info' : 'warning', nodeId, message };
    for (const l of [...this.listeners]) l(event);
  }

  private received(nodeId: string, e: AgentEvent): void {
    if (e.kind !== 'conflict-detected' || !e.galeraConflict) return;
    const at = this.o.now();
    const list = [{ at, record: e.galeraConflict }, ...(this.recent.get(nodeId) ?? [])].slice(0, GALERA_CONFLICTS_KEPT);
    this.recent.set(nodeId, list);
    const event: DriverEvent = { at, kind: 'conflict-detected', severity: 'warning', nodeId, message: `${e.message.slice(0, 4_000)}` };
    for (const l of [...this.listeners]) l(event);
  }
}

/** Pure: a node's log agent state from its connection's status and newest report. */
export function logAgentState(url: string, status: AgentConnectionStatus, latest: ReadonlyMap<string, LatestReport>): GaleraLogAgentState {
  switch (status.kind) {
    case 'connecting':
      return { state: 'not-connected', detail: `${url}: connecting (attempt ${status.attempt})` };
    case 'backoff':
      return { state: 'not-connected', detail: status.lastError.reason };
    case 'closed':
      return { state: 'not-connected', detail: `${url}: closed` };
    case 'ready': {
      if (status.welcome.engine !== 'mariadb') {
        return { state: 'not-connected', detail: `${url} is a ${status.welcome.engine} agent, not a MariaDB error-log agent (replicadesk-agent --backend mariadb)` };
      }
      const reader = [...latest.values()].at(-1)?.report.logReader;
      if (reader && !reader.readable) return { state: 'log-unreadable', detail: `${url}: cannot read ${reader.path} (${reader.reason ?? 'unknown'})` };
      return { state: 'connected', detail: reader ? `${url}: reading ${reader.path}` : `${url}: connected, no report yet` };
    }
  }
}
