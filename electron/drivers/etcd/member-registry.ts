import type http from 'node:http';
import type { EtcdSpec } from '../../../shared/model/cluster';
import type { Disposable } from '../../core/lifecycle';
import { EndpointConnection } from './endpoint-connection';
import { endpointId, parseEndpoint } from './endpoint-url';
import { createAgent } from './http-client';

/** The driver's endpoint connections, by `http(s)://host:port`, sharing one keep-alive agent per scheme. */
export class EndpointRegistry implements Disposable {
  private readonly byId = new Map<string, EndpointConnection>();
  private agents: { http: http.Agent | null; https: http.Agent | null } = { http: null, https: null };

  constructor(
    private readonly spec: EtcdSpec,
    private readonly now: () => number,
  ) {}

  /** The connection for a client URL, created on first use; null for a URL we cannot parse. */
  get(raw: string | URL): EndpointConnection | null {
    const parsed = typeof raw === 'string' ? parseEndpoint(raw) : { ok: true as const, value: raw };
    if (!parsed.ok) return null;
    const id = endpointId(parsed.value);
    const known = this.byId.get(id);
    if (known) return known;
    const conn = new EndpointConnection(parsed.value, {
      timeouts: this.spec.timeouts,
      now: this.now,
      agent: this.agent(parsed.value.protocol === 'https:'),
      auth: this.spec.auth,
    });
    this.byId.set(id, conn);
    return conn;
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }

  /** Round-trips made by every connection so far. */
  requests(): number {
    let n = 0;
    for (const c of this.byId.values()) n += c.requests;
    return n;
  }

  private agent(secure: boolean): http.Agent {
    const key = secure ? 'https' : 'http';
    const existing = this.agents[key];
    if (existing) return existing;
    const made = createAgent(secure, this.spec.tls);
    this.agents = { ...this.agents, [key]: made };
    return made;
  }

  dispose(): void {
    for (const c of this.byId.values()) c.dispose();
    this.byId.clear();
    this.agents.http?.destroy();
    this.agents.https?.destroy();
    this.agents = { http: null, https: null };
  }
}
