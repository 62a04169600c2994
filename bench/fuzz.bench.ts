/**
 * `npm run bench:fuzz`: malformed input against the servers ReplicaDesk runs,
 * each in its own process so a crash is an exit we can see:
 *  - HTTP: malformed requests and upgrades to browser mode (test/unit/web/http-fuzz-cases.ts),
 *    unauthenticated and with a live session cookie;
 *  - bridge: malformed and random frames over an authenticated bridge socket;
 *  - agent: malformed and random frames to a node agent after `hello`.
 * After every batch a good client must still be served; a crash is an exit or
 * a good client not served (the server is then restarted and counted).
 * rss_growth_mb: the larger growth of the two server processes from after one
 * warm-up batch of each kind (not counted) to the end.
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

interface BatchResult {
  sent: number;
  answered: number;
  reconnects: number;
}

async function main(): Promise<void> {
  const launchKey = randomBytes(32);
  const agentToken = randomBytes(24).toString('base64url');
  const startWeb = () => startFuzzChild(root, 'bench/support/fuzz-web-child.ts', { REPLICADESK_LAUNCH_KEY: launchKey.toString('base64url') });
  const startAgent = () => startFuzzChild(root, 'bench/support/fuzz-agent-child.ts', { REPLICADESK_AGENT_TOKEN: agentToken });
  const web: Target = { name: 'browser mode', child: await startWeb(), start: startWeb, good: (p) => webServesGoodClient(p, launchKey), crashes: 0, rssStartMb: 0 };
  const agent: Target = { name: 'agent', child: await startAgent(), start: startAgent, good: (p) => agentServesGoodClient(p, agentToken), crashes: 0, rssStartMb: 0 };

  const httpBatch = async (seed: number, authenticated: boolean): Promise<BatchResult> => {
    const cookie = authenticated ? await webLogin(web.child.port, launchKey) : null;
    const r = await blast(web.child.port, fuzzedRequests({ port: web.child.port, cookie }, seed, PER_BATCH));
    return { sent: PER_BATCH, answered: r.answered, reconnects: 0 };
  };
  const bridgeBatch = async (seed: number): Promise<BatchResult> => {
    const r = await sendFrames(() => openWebBridge(web.child.port, launchKey), sampleFrames(bridgeFrame, seed, PER_BATCH), async (ws) => {
      const answer = frameWhere(ws, (f) => f.id === 999_000, 'bridge probe');
      ws.send(JSON.stringify({ id: 999_000, channel: 'clusters:list', request: {} }));
      await answer;
    });
    if (r.error) console.log(`bridge batch (seed ${seed}): ${r.error}`);
    return { sent: r.sent, answered: 0, reconnects: r.reconnects };
  };
  const agentBatch = async (seed: number): Promise<BatchResult> => {
    const r = await sendFrames(() => openAgent(agent.child.port, agentToken), sampleFrames(agentFrame, seed, PER_BATCH), async (ws) => {
      const pong = frameWhere(ws, (f) => f.type === 'pong' && f.at === 777_000, 'agent probe');
      ws.send(JSON.stringify({ v: 1, type: 'ping', at: 777_000 }));
      await pong;
    });
    if (r.error) console.log(`agent batch (seed ${seed}): ${r.error}`);
    return { sent: r.sent, answered: 0, reconnects: r.reconnects };
  };
  const run = async (what: string, target: Target, batch: (b: number) => Promise<BatchResult>) => {
    const t0 = Date.now();
    const total: BatchResult = { sent: 0, answered: 0, reconnects: 0 };
    const crashesBefore = target.crashes;
    for (let b = 0; b < BATCHES; b++) {
      const r = await batch(b);
      total.sent += r.sent;
      total.answered += r.answered;
      total.reconnects += r.reconnects;
      await checkAlive(target, b);
    }
    const answers = what === 'http' ? `, ${total.answered} answered with a status line` : '';
    console.log(`${what}: ${total.sent} sent${answers}, ${total.reconnects} reconnects after the server closed a socket, in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return { ...total, crashes: target.crashes - crashesBefore };
  };

  try {
    // Warm-up (not counted): one batch of each kind, so RSS growth measures what stays, not the heap reaching its working size.
    await httpBatch(SEED + 900, true);
    await bridgeBatch(SEED + 901);
    await agentBatch(SEED + 902);
    for (const t of [web, agent]) {
      await t.good(t.child.port);
      t.rssStartMb = t.child.rssMb();
    }
    const http = await run('http', web, (b) => httpBatch(SEED + b, b % 2 === 1));
    const bridge = await run('bridge', web, (b) => bridgeBatch(SEED + 100 + b));
    const agents = await run('agent', agent, (b) => agentBatch(SEED + 200 + b));

    await new Promise((r) => setTimeout(r, 2_000));
    const growth = [web, agent].map((t) => ({ name: t.name, start: t.rssStartMb, end: t.child.rssMb() }));
    for (const g of growth) console.log(`rss ${g.name}: ${g.start.toFixed(1)} MB after warm-up, ${g.end.toFixed(1)} MB at the end`);
    const rssGrowth = Math.max(...growth.map((g) => g.end - g.start));
    if (web.crashes + agent.crashes > 0 || rssGrowth >= 50) process.exitCode = 1;
    console.log(
      `bench fuzz: http_requests=${http.sent} http_crashes=${http.crashes} bridge_frames=${bridge.sent} bridge_crashes=${bridge.crashes} agent_frames=${agents.sent} agent_crashes=${agents.crashes} rss_growth_mb=${rssGrowth.toFixed(1)}`,
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
