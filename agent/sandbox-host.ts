import { randomBytes } from 'node:crypto';
import { AgentSpecSchema, type AgentSpec } from '../shared/model/cluster';
import type { SandboxCluster } from './backend';
import { createMultiPrimarySandbox, createPrimaryReplicaSandbox, createRaftSandbox } from './sandbox';
import { serveCluster, type ServedNode } from './server';
import type { Logger } from './log';

export interface SandboxHostOptions {
  /** Shared by every sandbox agent; random when omitted. */
  token?: string;
  log?: Logger;
}

export interface SandboxHost {
  /** One agent cluster spec per sandbox cluster, ready for the monitor. */
  specs: AgentSpec[];
  /** Closes every agent server, then disposes the clusters. */
  close(): Promise<void>;
}

const SANDBOXES: { name: string; create: () => SandboxCluster | Promise<SandboxCluster> }[] = [
  { name: 'Sandbox · primary/replica', create: () => createPrimaryReplicaSandbox() },
  { name: 'Sandbox · multi-primary', create: () => createMultiPrimarySandbox() },
  { name: 'Sandbox · Raft', create: () => createRaftSandbox() },
];

/**
 * The built-in sandbox: three clusters (log shipping, multi-primary, Raft),
 * every node served by its own agent on loopback, so the app monitors them
 * exactly like real agents.
 */
export async function startSandboxHost(opts: SandboxHostOptions = {}): Promise<SandboxHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const clusters: SandboxCluster[] = [];
  const served: ServedNode[] = [];
  const specs: AgentSpec[] = [];
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await Promise.allSettled(served.map((s) => s.server.close()));
    await Promise.allSettled(clusters.map((c) => c.dispose()));
  };
  try {
    for (const sandbox of SANDBOXES) {
      const cluster = await sandbox.create();
      clusters.push(cluster);
      const nodes = await serveCluster(cluster, { token, host: '127.0.0.1', log: opts.log });
      served.push(...nodes);
      const agents = nodes.map((n) => ({ url: n.server.url, token }));
      specs.push(AgentSpecSchema.parse({ engine: 'agent', name: sandbox.name, agents, sandbox: true }));
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { specs, close };
}
