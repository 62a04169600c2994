import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePorts } from './free-port';
import { watchTestProcesses, type ProcessReaper } from './process-reaper';

/** One etcd member of a test cluster on 127.0.0.1. */
export interface EtcdMember {
  name: string;
  clientUrl: string;
  peerUrl: string;
  dataDir: string;
  pid: number | null;
}

export interface EtcdCluster {
  members: EtcdMember[];
  clientUrls: string[];
  /** Wall-clock ms from spawn to a cluster with a leader that every member agrees on. */
  startMs: number;
  member(name: string): EtcdMember;
  /** `kill -9` (or another signal) of one member by PID. */
  kill(name: string, sig?: NodeJS.Signals): void;
  stop(): Promise<void>;
}

/** Missing binaries, for the integration prerequisites. */
export function missingEtcdPrerequisites(): string[] {
  const r = spawnSync('etcd', ['--version'], { encoding: 'utf8' });
  return r.error || r.status !== 0 ? ['the `etcd` binary (etcd 3.4)'] : [];
}

/** Short Raft timers so elections take well under a second. */
const HEARTBEAT_MS = 100;
const ELECTION_MS = 500;

export interface EtcdClusterOptions {
  /** Serve clients over https with these files, and require a client certificate signed by the CA. */
  tls?: (root: string) => { caFile: string; serverCert: string; serverKey: string };
}

export async function startEtcdCluster(size = 3, opts: EtcdClusterOptions = {}): Promise<EtcdCluster> {
  const root = mkdtempSync(path.join(tmpdir(), 'rd-etcd-'));
  const tls = opts.tls?.(root);
  const scheme = tls ? 'https' : 'http';
  const reaper = watchTestProcesses(root);
  const ports = await freePorts(size * 2);
  const members: EtcdMember[] = Array.from({ length: size }, (_, i) => ({
    name: `m${i + 1}`,
    clientUrl: `${scheme}://127.0.0.1:${ports[i * 2]}`,
    peerUrl: `http://127.0.0.1:${ports[i * 2 + 1]}`,
    dataDir: path.join(root, `m${i + 1}`),
    pid: null,
  }));
  const initialCluster = members.map((m) => `${m.name}=${m.peerUrl}`).join(',');
  const children = new Map<string, ChildProcess>();
  const started = Date.now();
  const tlsArgs = tls ? [`--cert-file=${tls.serverCert}`, `--key-file=${tls.serverKey}`, `--trusted-ca-file=${tls.caFile}`, '--client-cert-auth'] : [];
  for (const m of members) children.set(m.name, spawnMember(m, initialCluster, reaper, tlsArgs));
  const cluster: EtcdCluster = {
    members,
    clientUrls: members.map((m) => m.clientUrl),
    startMs: 0,
    member: (name) => {
      const m = members.find((x) => x.name === name);
      if (!m) throw new Error(`no etcd member ${name}`);
      return m;
    },
    kill: (name, sig = 'SIGKILL') => {
      const m = cluster.member(name);
      if (m.pid) process.kill(m.pid, sig);
    },
    stop: async () => {
      await Promise.all([...children.values()].map((c) => stopChild(c)));
      for (const m of members) if (m.pid) reaper.untrack(m.pid);
      reaper.release();
      rmSync(root, { recursive: true, force: true });
    },
  };
  try {
    // Under TLS the harness has no client certificate for fetch: the test waits through the driver instead.
    await waitForLeader(tls ? [] : members, 20_000);
  } catch (e) {
    await cluster.stop();
    throw e;
  }
  cluster.startMs = Date.now() - started;
  return cluster;
}

function spawnMember(m: EtcdMember, initialCluster: string, reaper: ProcessReaper, extra: string[]): ChildProcess {
  const args = [
    `--name=${m.name}`,
    `--data-dir=${m.dataDir}`,
    `--listen-client-urls=${m.clientUrl}`,
    `--advertise-client-urls=${m.clientUrl}`,
    `--listen-peer-urls=${m.peerUrl}`,
    `--initial-advertise-peer-urls=${m.peerUrl}`,
    `--initial-cluster=${initialCluster}`,
    '--initial-cluster-state=new',
    '--initial-cluster-token=rd-test',
    `--heartbeat-interval=${HEARTBEAT_MS}`,
    `--election-timeout=${ELECTION_MS}`,
    '--logger=zap',
    '--log-level=error',
    ...extra,
  ];
  const child = spawn('etcd', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4_000);
  });
  child.on('exit', (code, sig) => {
    if (m.pid !== null) reaper.untrack(m.pid);
    if (code && code !== 0 && !sig) process.stderr.write(`etcd ${m.name} exited ${code}: ${stderr}\n`);
    m.pid = null;
  });
  if (!child.pid) throw new Error(`could not start etcd ${m.name}`);
  m.pid = child.pid;
  reaper.track(child.pid);
  return child;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Polls every member's status until all report the same non-zero leader. */
async function waitForLeader(members: EtcdMember[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (members.length > 0 && Date.now() < deadline) {
    const leaders = await Promise.all(members.map((m) => leaderSeenBy(m.clientUrl)));
    const first = leaders[0];
    if (first && first !== '0' && leaders.every((l) => l === first)) return;
    last = leaders.join(',');
    await new Promise((r) => setTimeout(r, 100));
  }
  if (members.length === 0) return;
  throw new Error(`etcd cluster had no agreed leader within ${timeoutMs} ms (leaders seen: ${last})`);
}

export async function leaderSeenBy(clientUrl: string): Promise<string | null> {
  try {
    const res = await fetch(`${clientUrl}/v3/maintenance/status`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(1_000) });
    const body = (await res.json()) as { leader?: string };
    return body.leader ?? null;
  } catch {
    return null;
  }
}

/** A raw POST to the JSON gateway, for test setup (auth, keys). */
export async function etcdPost(clientUrl: string, route: string, body: unknown, token?: string): Promise<unknown> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = token;
  const res = await fetch(`${clientUrl}${route}`, { method: 'POST', body: JSON.stringify(body), headers, signal: AbortSignal.timeout(3_000) });
  return res.json();
}
