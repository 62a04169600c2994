import type { SandboxCluster } from '../backend';
import type { Logger } from '../log';
import { startAgentServer, type AgentServer } from './server';

export interface ServedNode {
  nodeId: string;
  server: AgentServer;
}

export interface ServeClusterOptions {
  token: string;
  host?: string;
  /** First port; node i gets basePort + i. Omitted or 0: a free port each. */
  basePort?: number;
  tls?: { cert: string | Buffer; key: string | Buffer };
  log?: Logger;
}

/** One agent server per node of a sandbox cluster. On failure, the servers already started are closed. */
export async function serveCluster(cluster: SandboxCluster, opts: ServeClusterOptions): Promise<ServedNode[]> {
  const served: ServedNode[] = [];
  try {
    for (const [i, backend] of cluster.nodes.entries()) {
      const port = opts.basePort ? opts.basePort + i : 0;
      const server = await startAgentServer({ backend, token: opts.token, host: opts.host, port, tls: opts.tls, log: opts.log });
      served.push({ nodeId: backend.nodeId, server });
    }
    return served;
  } catch (error) {
    await Promise.allSettled(served.map((s) => s.server.close()));
    throw error;
  }
}
