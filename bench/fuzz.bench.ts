/**
 * `npm run bench:fuzz`: malformed input against the servers ReplicaDesk runs,
 * each in its own process so a crash is an exit we can see:
 *  - HTTP: malformed requests and upgrades to browser mode (test/unit/web/http-fuzz-cases.ts),
 *    unauthenticated and with a live session cookie;
 *  - bridge: malformed and random frames over an authenticated bridge socket;
 *  - agent: malformed and random frames to a node agent after `hello`.
 * After every batch a good client must still be served; a crash is an exit or
 * a good client not served (the server is then restarted and counted).
 * Env: BENCH_FUZZ_BATCHES (default 10), BENCH_FUZZ_PER_BATCH (1,000), BENCH_FUZZ_SEED.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type WebSocket from 'ws';
import { fuzzedRequests } from '../test/unit/web/http-fuzz-cases';
import { blast } from '../test/unit/web/raw-http';
import { startFuzzChild, type FuzzChild } from './support/fuzz-child';
import { agentServesGoodClient, frameWhere, openAgent, openWebBridge, webLogin, webServesGoodClient } from './support/fuzz-clients';
import { agentFrame, bridgeFrame, sampleFrames, type FuzzFrame } from './support/fuzz-frames';

const root = fileURLToPath(new URL('..', import.meta.url));
const BATCHES = Number(process.env.BENCH_FUZZ_BATCHES ?? 10);
const PER_BATCH = Number(process.env.BENCH_FUZZ_PER_BATCH ?? 1_000);
const SEED = Number(process.env.BENCH_FUZZ_SEED ?? 7_2026);

interface Target {
  name: string;
  child: FuzzChild;
  start(): Promise<FuzzChild>;
  good(port: number): Promise<void>;
  crashes: number;
  rssStartMb: number;
}

/** After a batch: the process lives and serves a good client, else a crash is counted and the server restarted. */
async function checkAlive(t: Target, batch: number): Promise<void> {
  const exited = t.child.exited();
  const failure = exited !== null ? `exited (${exited})` : await t.good(t.child.port).then(() => null, (e: Error) => e.message);
  if (failure === null) return;
  t.crashes++;
  console.log(`${t.name}: CRASH after batch ${batch}: ${failure}; restarting`);
  await t.child.stop();
  t.child = await t.start();
}

/** Sends frames over sockets from `connect`, opening a new one whenever the server closes the current one. */
async function sendFrames(
  connect: () => Promise<WebSocket>,
  frames: readonly FuzzFrame[],
  probe: (ws: WebSocket) => Promise<void>,
): Promise<{ sent: number; reconnects: number; error: string | null }> {
  let sent = 0;
  let reconnects = 0;
  try {
    await sendAll();
    return { sent, reconnects, error: null };
  } catch (e) {
    return { sent, reconnects, error: e instanceof Error ? e.message : String(e) };
  }
  async function sendAll(): Promise<void> {
  let ws = await connect();
  for (const frame of frames) {
    if (ws.readyState !== ws.OPEN) {
      ws.terminate();
      ws = await connect();
      reconnects++;
    }
    ws.send(frame, { binary: Buffer.isBuffer(frame) });
    sent++;
    if (sent % 100 === 0) await new Promise((r) => setImmediate(r));
  }
  if (ws.readyState !== ws.OPEN) {
    ws = await connect();
    reconnects++;
  }
  await probe(ws);
  ws.close();
  }
}

async function main(): Promise<void> {
  const launchKey = randomBytes(32);
  const agentToken = randomBytes(24).toString('base64url');
  const startWeb = () => startFuzzChild(root, 'bench/support/fuzz-web-child.ts', { REPLICADESK_LAUNCH_KEY: launchKey.toString('base64url') });
  const startAgent = () => startFuzzChild(root, 'bench/support/fuzz-agent-child.ts', { REPLICADESK_AGENT_TOKEN: agentToken });
  const web: Target = { name: 'browser mode', child: await startWeb(), start: startWeb, good: (p) => webServesGoodClient(p, launchKey), crashes: 0, rssStartMb: 0 };
  const agent: Target = { name: 'agent', child: await startAgent(), start: startAgent, good: (p) => agentServesGoodClient(p, agentToken), crashes: 0, rssStartMb: 0 };
  try {
    for (const t of [web, agent]) {
      await t.good(t.child.port);
      t.rssStartMb = t.child.rssMb();
    }
    let httpRequests = 0;
    let answered = 0;
    const t0 = Date.now();
    for (let b = 0; b < BATCHES; b++) {
      const cookie = b % 2 === 1 ? await webLogin(web.child.port, launchKey) : null;
      const r = await blast(web.child.port, fuzzedRequests({ port: web.child.port, cookie }, SEED + b, PER_BATCH));
      httpRequests += PER_BATCH;
      answered += r.answered;
      await checkAlive(web, b);
    }
    const httpCrashes = web.crashes;
    console.log(`http: ${httpRequests} requests, ${answered} answered with a status line, in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    let bridgeFrames = 0;
    let bridgeReconnects = 0;
    const t1 = Date.now();
    for (let b = 0; b < BATCHES; b++) {
      const frames = sampleFrames(bridgeFrame, SEED + 100 + b, PER_BATCH);
      const r = await sendFrames(
        () => openWebBridge(web.child.port, launchKey),
        frames,
        async (ws) => {
          const answer = frameWhere(ws, (f) => f.id === 999_000 + b, 'bridge probe');
          ws.send(JSON.stringify({ id: 999_000 + b, channel: 'clusters:list', request: {} }));
          await answer;
        },
      );
      if (r.error) console.log(`bridge batch ${b}: ${r.error}`);
      bridgeFrames += r.sent;
      bridgeReconnects += r.reconnects;
      await checkAlive(web, b);
    }
    const bridgeCrashes = web.crashes - httpCrashes;
    console.log(`bridge: ${bridgeFrames} frames, ${bridgeReconnects} reconnects after the server closed a socket, in ${((Date.now() - t1) / 1000).toFixed(1)} s`);

    let agentFrames = 0;
    let agentReconnects = 0;
    const t2 = Date.now();
    for (let b = 0; b < BATCHES; b++) {
      const frames = sampleFrames(agentFrame, SEED + 200 + b, PER_BATCH);
      const r = await sendFrames(
        () => openAgent(agent.child.port, agentToken),
        frames,
        async (ws) => {
          const pong = frameWhere(ws, (f) => f.type === 'pong' && f.at === 777_000 + b, 'agent probe');
          ws.send(JSON.stringify({ v: 1, type: 'ping', at: 777_000 + b }));
          await pong;
        },
      );
      if (r.error) console.log(`agent batch ${b}: ${r.error}`);
      agentFrames += r.sent;
      agentReconnects += r.reconnects;
      await checkAlive(agent, b);
    }
    console.log(`agent: ${agentFrames} frames, ${agentReconnects} reconnects after the agent closed a socket, in ${((Date.now() - t2) / 1000).toFixed(1)} s`);

    await new Promise((r) => setTimeout(r, 2_000));
    const growth = [web, agent].map((t) => ({ name: t.name, mb: t.child.rssMb() - t.rssStartMb }));
    for (const g of growth) console.log(`rss growth ${g.name}: ${g.mb.toFixed(1)} MB`);
    const rssGrowth = Math.max(...growth.map((g) => g.mb));
    if (web.crashes + agent.crashes > 0 || rssGrowth >= 50) process.exitCode = 1;
    console.log(
      `bench fuzz: http_requests=${httpRequests} http_crashes=${httpCrashes} bridge_frames=${bridgeFrames} bridge_crashes=${bridgeCrashes} agent_frames=${agentFrames} agent_crashes=${agent.crashes} rss_growth_mb=${rssGrowth.toFixed(1)}`,
    );
  } finally {
    await web.child.stop();
    await agent.child.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
