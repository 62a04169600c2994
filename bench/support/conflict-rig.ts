/**
 * The conflicts bench's rig: the sandbox multi-primary cluster (quiet: no
 * background writes, no deliberate pairs) with one node agent per peer on
 * loopback, watched by the app's real AppCore at the default 1 s sampling.
 * Conflicts are made by the engine itself (the `same-key` fault: two peers
 * write one key at the same instant) and reach the app only over the agents'
 * WebSocket, as they would from remote hosts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createMultiPrimarySandbox } from '../../agent/sandbox';
import { serveCluster, type ServedNode } from '../../agent/server';
import type { SandboxCluster } from '../../agent/backend';
import { AppCore } from '../../electron/core/app-core';
import { ConflictInbox } from '../../electron/core/conflicts/conflict-inbox';
import { createLogger } from '../../electron/core/logger';
import { ownerOnlyFileCodec } from '../../electron/core/settings/secret-store';
import { resolveDriver } from '../../electron/drivers';
import type { Channel, RequestOf, ResponseOf } from '../../shared/ipc/contract';

const TOKEN = 'bench-conflicts';
const PAIRS: [string, string][] = [
  ['peer-1', 'peer-2'],
  ['peer-2', 'peer-3'],
  ['peer-1', 'peer-3'],
];

export interface ConflictRig {
  readonly core: AppCore;
  /** The app's conflict inbox (the one `conflicts:list` reads). */
  readonly inbox: ConflictInbox;
  readonly clusterId: string;
  call<C extends Channel>(channel: C, req: RequestOf<C>): Promise<ResponseOf<C>>;
  /** Two peers (rotating pairs) write `key` at the same instant, in the engine. */
  forceConflict(key: string, pair: number): Promise<void>;
  openCount(): number;
  dispose(): Promise<void>;
}

export async function waitFor<T>(what: string, probe: () => T | null | undefined, timeoutMs: number, everyMs = 5): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export async function startConflictRig(seed = 7): Promise<ConflictRig> {
  const sandbox: SandboxCluster = createMultiPrimarySandbox({ name: 'bench-mp', writesPerSecond: 0, conflictEveryMs: null, seed });
  const served: ServedNode[] = await serveCluster(sandbox, { token: TOKEN, host: '127.0.0.1' });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rd-bench-conflicts-'));
  const inbox = new ConflictInbox();
  const core = await AppCore.create({ dataDir, secretCodec: ownerOnlyFileCodec, resolveDriver, log: createLogger('bench'), conflictInbox: inbox });
  const call = async <C extends Channel>(channel: C, req: RequestOf<C>): Promise<ResponseOf<C>> => {
    const r = await core.handle(channel, req);
    if (!r.ok) throw new Error(`${channel} failed: ${r.code}: ${r.reason}`);
    return r.value as ResponseOf<C>;
  };
  const added = await call('clusters:add', { engine: 'agent', name: 'Bench multi-primary', agents: served.map((s) => ({ url: s.server.url, token: TOKEN })) });
  const clusterId = added.id;
  const live = async () => (await call('clusters:list', {})).find((c) => c.id === clusterId)?.status.kind === 'live';
  const started = Date.now();
  while (!(await live())) {
    if (Date.now() - started > 30_000) throw new Error('the bench cluster did not become live in 30 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  const writer = sandbox.nodes[0]!;
  return {
    core,
    inbox,
    clusterId,
    call,
    async forceConflict(key, pair) {
      const nodeIds = PAIRS[pair % PAIRS.length]!;
      const r = await writer.command({ name: 'fault', fault: { kind: 'same-key', nodeIds, key } });
      if (!r.ok) throw new Error(`same-key on ${key} failed: ${r.code}: ${r.reason}`);
    },
    openCount: () => inbox.openOf(clusterId).length,
    async dispose() {
      await core.dispose();
      await Promise.allSettled(served.map((s) => s.server.close()));
      sandbox.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
