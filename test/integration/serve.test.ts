import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPgCluster, type PgCluster } from '../harness/pg-cluster';
import { BIN, ROOT, buildServe, childrenOf, get, killAll, login, openBridge, run, sleep, type Proc } from '../harness/serve-process';

/**
 * `replicadesk serve` from the built output (dist/serve/cli.cjs through bin/replicadesk.cjs) watching a
 * real PostgreSQL 15 primary + standby; a browser-mode client attaches over the printed link. Tests in order.
 */
let cluster: PgCluster;
let dataDir: string;
let serve: Proc;
let origin: string;
const LINK = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/;

interface Sample { clusterId: string; takenAt: number; nodes: { id: string; role: string; status: { kind: string } }[]; links: { from: string; to: string; state: string }[] }
const samplesIn = (frames: Record<string, unknown>[]): Sample[] =>
  frames.filter((f) => f.type === 'push').flatMap((f) => (f.payload as { samples: Sample[] }).samples);

async function sampleWithStreamingStandby(frames: Record<string, unknown>[], clusterId: string, after = 0): Promise<Sample> {
  const primary = `127.0.0.1:${cluster.node('primary').port}`;
  const standby = `127.0.0.1:${cluster.node('standby1').port}`;
  for (const end = Date.now() + 30_000; Date.now() < end; await sleep(100)) {
    const s = samplesIn(frames).find((x) => x.clusterId === clusterId && x.takenAt > after && x.nodes.some((n) => n.id === primary && n.role === 'primary' && n.status.kind === 'up') && x.links.some((l) => l.from === primary && l.to === standby && l.state === 'streaming'));
    if (s) return s;
  }
  throw new Error(`no sample showing ${primary} -> ${standby} streaming in ${frames.length} frames: ${JSON.stringify(samplesIn(frames).at(-1))}`);
}

beforeAll(async () => {
  buildServe();
  cluster = await createPgCluster({ standbys: 1 });
  dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'rd-serve-')), 'data');
});

afterAll(async () => {
  killAll();
  await cluster?.stop();
  if (dataDir) rmSync(path.dirname(dataDir), { recursive: true, force: true });
});

describe('replicadesk serve (built), against a real PostgreSQL 15 cluster', () => {
  it('refuses bad flags with a message and exit code 2, never a stack trace', async () => {
    for (const args of [['serve', '--port', 'nope'], ['serve', '--frobnicate'], ['serve', '--host', '10.9.8.7'], ['bogus']]) {
      const p = run(BIN, args);
      expect(await p.exited(), args.join(' ')).toEqual({ code: 2, signal: null });
      expect(p.output()).toMatch(/^replicadesk: .+\nRun `replicadesk --help` for usage\.\n$/);
      expect(p.output()).not.toMatch(/\n\s+at /);
    }
    const help = run(BIN, ['--help']);
    expect(await help.exited()).toEqual({ code: 0, signal: null });
    expect(help.output()).toContain('replicadesk serve [--port N]');
  });

  it('serves browser mode on 127.0.0.1 with the one-time link it prints: the link gives a session once, nothing without it', async () => {
    serve = run(BIN, ['serve', '--data-dir', dataDir]);
    const link = (await serve.waitFor(LINK))[1]!;
    expect(serve.output()).toContain(`is watching 0 clusters from ${dataDir}`);
    origin = new URL(link).origin;
    expect((await get(`${origin}/`)).status).toBe(401);
    const cookie = await login(link);
    expect((await get(link)).status).toBe(401); // used once
    const page = await get(`${origin}/`, { Cookie: cookie });
    expect(page.status).toBe(200);
    expect(page.body).toBe(readFileSync(path.join(ROOT, 'dist', 'renderer', 'index.html'), 'utf8'));
    expect(JSON.parse(readFileSync(path.join(dataDir, 'replicadesk.lock'), 'utf8'))).toMatchObject({ pid: serve.child.pid, mode: 'serve', origin });
  });

  let clusterId = '';
  it('watches a cluster added by a browser client: a sample reaches it over the websocket', async () => {
    const page = await openBridge(origin, await login((await linkFromCli()).trim()));
    const added = await page.request('clusters:add', { engine: 'postgres', name: 'pg15', seeds: [cluster.connectionString('primary')], discoveryPorts: cluster.nodes.map((n) => n.port) });
    expect(added.ok, JSON.stringify(added)).toBe(true);
    clusterId = (added.value as { id: string }).id;
    await sampleWithStreamingStandby(page.frames, clusterId);
    page.ws.terminate(); // the client goes away without a goodbye
  });

  it('survives the client going away: still sampling, and a new client gets fresh samples', async () => {
    const gone = Date.now();
    await sleep(2_000);
    expect(serve.child.exitCode).toBeNull();
    const page = await openBridge(origin, await login((await linkFromCli()).trim()));
    const s = await sampleWithStreamingStandby(page.frames, clusterId, gone);
    expect(s.takenAt).toBeGreaterThan(gone);
    page.ws.close();
  });

  it('refuses a second core on the same data dir (exit 3, naming the holder); browser mode attaches to it instead', async () => {
    const second = run(BIN, ['serve', '--data-dir', dataDir]);
    expect(await second.exited()).toEqual({ code: 3, signal: null });
    expect(second.output()).toContain(`(pid ${serve.child.pid},`);
    expect(second.output()).toContain(`is already watching ${dataDir}`);
    const web = run(path.join(ROOT, 'dist', 'web', 'server.cjs'), [], { REPLICADESK_DATA_DIR: dataDir, REPLICADESK_SANDBOX: '0' });
    expect(await web.exited()).toEqual({ code: 0, signal: null });
    expect(web.output()).toContain('not starting a second core');
    const attach = LINK.exec(web.output())![1]!;
    expect(new URL(attach).origin).toBe(origin);
    expect((await login(attach)).startsWith('replicadesk_session_')).toBe(true);
  });

  it('exits 0 within 2 s of SIGTERM, even with a sample stuck on a hung primary, leaving no child process and no lock; a restart watches the saved cluster', async () => {
    const pid = serve.child.pid!;
    const kids = childrenOf(pid);
    cluster.freeze('primary'); // SIGSTOP: the next sample's query to it hangs
    await sleep(1_500);
    const t0 = performance.now();
    serve.child.kill('SIGTERM');
    const exit = await serve.exited(5_000).finally(() => cluster.thaw('primary'));
    expect(exit, serve.output()).toEqual({ code: 0, signal: null });
    const ms = performance.now() - t0;
    console.log(`serve: SIGTERM to exit ${ms.toFixed(0)} ms; ${kids.length} child process(es) before`);
    expect(ms).toBeLessThan(2_000);
    expect(kids.filter((k) => existsSync(`/proc/${k}`))).toEqual([]);
    expect(existsSync(path.join(dataDir, 'replicadesk.lock'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'browser-launch.key'))).toBe(false);
    const again = run(BIN, ['serve', '--data-dir', dataDir]);
    await again.waitFor(LINK);
    expect(again.output()).toContain('is watching 1 cluster from');
    again.child.kill('SIGINT');
    expect(await again.exited(5_000)).toEqual({ code: 0, signal: null });
  });
});

async function linkFromCli(): Promise<string> {
  const p = run(BIN, ['link', '--data-dir', dataDir]);
  expect(await p.exited()).toEqual({ code: 0, signal: null });
  return p.output();
}
