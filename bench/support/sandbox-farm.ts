/**
 * Runs sandbox primary/replica clusters totalling `--nodes` nodes, every node
 * behind its own agent on loopback, and prints their agent specs as one JSON
 * line. A separate process, so the bench measures the app, not the sandbox.
 */
import { randomBytes } from 'node:crypto';
import { createPrimaryReplicaSandbox } from '../../agent/sandbox';
import { serveCluster, type ServedNode } from '../../agent/server';
import type { SandboxCluster } from '../../agent/backend';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

async function main() {
  const nodes = arg('nodes', 1_000);
  const clusterSize = arg('cluster-size', 200);
  const token = randomBytes(18).toString('base64url');
  const clusters: SandboxCluster[] = [];
  const served: ServedNode[][] = [];
  for (let made = 0, i = 1; made < nodes; i++) {
    const size = Math.min(clusterSize, nodes - made);
    const cluster = createPrimaryReplicaSandbox({ name: `scale-${i}`, replicas: size - 1, writesPerSecond: 20 });
    clusters.push(cluster);
    served.push(await serveCluster(cluster, { token, host: '127.0.0.1' }));
    made += size;
  }
  const specs = served.map((s, i) => ({ engine: 'agent', name: `Scale ${i + 1} (${s.length} nodes)`, agents: s.map((n) => ({ url: n.server.url, token })) }));
  process.stdout.write(`${JSON.stringify({ specs })}\n`);
  const stop = async () => {
    const cpu = process.cpuUsage();
    process.stderr.write(`farm cpu_s=${((cpu.user + cpu.system) / 1e6).toFixed(1)}\n`);
    await Promise.allSettled(served.flat().map((n) => n.server.close()));
    await Promise.allSettled(clusters.map((c) => c.dispose()));
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((e) => {
  process.stderr.write(`sandbox farm failed: ${String(e)}\n`);
  process.exit(1);
});
