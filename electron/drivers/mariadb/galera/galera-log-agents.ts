import type { AgentEvent } from '../../../../shared/agent/events';
import { GALERA_CONFLICTS_KEPT, type GaleraLoggedConflict } from '../../../../shared/engines/galera-conflict';
import type { PostgresAgent } from '../../../../shared/model/cluster';
import { Backoff } from '../../../../shared/backoff';
import type { DriverEvent } from '../../../core/driver';
import type { Logger } from '../../../core/logger';
import { AgentConnection } from '../../agent/connection';
import { CLIENT_VERSION } from '../../agent/driver';
import { parseServerAddress } from '../server-address';

export interface GaleraLogAgentsOptions {
  log: Logger;
  now(): number;
  connectTimeoutMs: number;
}

/** The agent streams reports the driver does not need (it reads SQL itself): the slowest rate. */
const REPORT_INTERVAL_MS = 60_000;

/**
 * The `mariadb` node agents of a Galera cluster (spec `agents`): each follows its node's error log and pushes
 * every conflict it shows. This keeps the newest few per node for the panel, and turns each into a driver event
 * named by the node id the spec gives (not the id the agent announces).
 */
export class GaleraLogAgents {
  private readonly byNode = new Map<string, AgentConnection>();
  private readonly recent = new Map<string, GaleraLoggedConflict[]>();
  private readonly listeners = new Set<(e: DriverEvent) => void>();

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
        intervalMs: REPORT_INTERVAL_MS,
        clientVersion: CLIENT_VERSION,
        backoff: new Backoff({ baseMs: 500, maxMs: 10_000 }),
        now: o.now,
        log: o.log,
        connectTimeoutMs: o.connectTimeoutMs,
        commandTimeoutMs: 10_000,
      });
      conn.onEvent((e) => this.received(nodeId, e));
      this.byNode.set(nodeId, conn);
      conn.start();
    }
  }

  /** The node's error log is being followed now: its agent is connected and is a `mariadb` agent. */
  attached(nodeId: string): boolean {
    const st = this.byNode.get(nodeId)?.status;
    return st?.kind === 'ready' && st.welcome.engine === 'mariadb';
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

  private received(nodeId: string, e: AgentEvent): void {
    if (e.kind !== 'conflict-detected' || !e.galeraConflict) return;
    const at = this.o.now();
    const list = [{ at, record: e.galeraConflict }, ...(this.recent.get(nodeId) ?? [])].slice(0, GALERA_CONFLICTS_KEPT);
    this.recent.set(nodeId, list);
    const event: DriverEvent = { at, kind: 'conflict-detected', severity: 'warning', nodeId, message: `${e.message.slice(0, 4_000)}` };
    for (const l of [...this.listeners]) l(event);
  }
}
