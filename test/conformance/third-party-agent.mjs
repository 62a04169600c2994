#!/usr/bin/env node
// A ReplicaDesk agent written from docs/agent-protocol.md and docs/agent-protocol.schema.json alone, as a third
// party would: it imports `ws` and Node built-ins, and nothing from this repository. It serves one in-memory
// "primary" node holding a key/value map, and accepts `read` and `write`.
//   node third-party-agent.mjs --token-file F [--host 127.0.0.1] [--port 0]
// Prints `agent <nodeId> <url>`, stops on SIGINT/SIGTERM.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { WebSocketServer } from 'ws';

const { values } = parseArgs({ options: { 'token-file': { type: 'string' }, host: { type: 'string', default: '127.0.0.1' }, port: { type: 'string', default: '0' } } });
const token = values['token-file'] ? readFileSync(values['token-file'], 'utf8').trim() : process.env.REPLICADESK_AGENT_TOKEN;
if (!token) {
  process.stderr.write('third-party-agent: give --token-file or REPLICADESK_AGENT_TOKEN\n');
  process.exit(2);
}

// "Limits (v1 defaults, announced in welcome.limits)"
const LIMITS = { maxFrameBytes: 262144, maxMessagesPerSecond: 50, messageBurst: 100, heartbeatIntervalMs: 5000, heartbeatTimeoutMs: 15000, authDeadlineMs: 5000 };
// Every command name of protocol v1 ($defs/CommandName), and the fields each needs ($defs/Command).
const COMMANDS = {
  promote: [], fence: [], unfence: [], repoint: ['upstream'], rejoin: ['upstream'], write: ['key'], read: ['key'],
  transferLeadership: ['to'], resolveConflict: ['conflictId', 'how'], setConflictPolicy: ['policy'], fault: ['fault'],
  stop: [], start: [], controlData: [], rewind: ['source'], writeStandbyConfig: ['upstream'],
};
const ACCEPTED = ['read', 'write'];
const NODE_ID = 'third-party-1';
const store = new Map();
let position = 0;
const startedAt = Date.now();

function report() {
  const now = Date.now();
  return {
    clusterKind: 'primary-replica',
    node: { id: NODE_ID, name: NODE_ID, address: `memory://${NODE_ID}`, role: 'primary', status: { kind: 'up' }, version: 'third-party-0.1', timeline: 1, startedAt, lastSeenAt: now, readOnly: false, position: String(position) },
    links: [],
    slots: [],
    consensus: null,
    takenAt: now,
  };
}

const isObject = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);
const str = (x, max) => typeof x === 'string' && x.length >= 1 && x.length <= max;

/** The first failing field of a client frame ("field" of an error frame), or null when it is valid. */
function invalidField(f) {
  if (f.type === 'hello') return !str(f.token, 4096) ? 'token' : !str(f.clientVersion, 100) ? 'clientVersion' : null;
  if (f.type === 'subscribe') return Number.isInteger(f.intervalMs) && f.intervalMs >= 250 && f.intervalMs <= 60000 ? null : 'intervalMs';
  if (f.type === 'ping' || f.type === 'pong') return typeof f.at === 'number' ? null : 'at';
  if (f.type === 'command') {
    if (!str(f.id, 128)) return 'id';
    if (!isObject(f.command) || typeof f.command.name !== 'string') return 'command.name';
    for (const field of COMMANDS[f.command.name] ?? []) if (f.command[field] === undefined || f.command[field] === '') return `command.${field}`;
    if ((f.command.name === 'read' || f.command.name === 'write') && !str(f.command.key, 200)) return 'command.key';
    return null;
  }
  return 'type';
}

function runCommand(command) {
  if (!(command.name in COMMANDS)) return { ok: false, code: 'unknown-command', reason: `this agent does not know the command "${command.name}"`, issues: [{ path: 'command.name', message: 'unknown command' }] };
  if (!ACCEPTED.includes(command.name)) return { ok: false, code: 'not-supported', reason: `${NODE_ID} does not accept ${command.name}` };
  if (command.name === 'write') {
    store.set(command.key, command.value ?? null);
    position += 1;
    return { ok: true, value: { key: command.key, position: String(position) } };
  }
  return { ok: true, value: { key: command.key, value: store.has(command.key) ? store.get(command.key) : null } };
}

function serveSession(ws) {
  let authed = false;
  let lastHeard = Date.now();
  let tokens = LIMITS.messageBurst;
  let refilled = Date.now();
  let seq = 0;
  let sampler = null;
  let heartbeat = null;
  const send = (frame) => ws.readyState === ws.OPEN && ws.send(JSON.stringify({ v: 1, ...frame }));
  const error = (code, reason, field, extra = {}) => send({ type: 'error', code, reason, field, ...(field ? { issues: [{ path: field, message: reason }] } : {}), ...extra });
  const reject = (code, reason, field, closeCode) => {
    error(code, reason, field);
    ws.close(closeCode, reason.slice(0, 120));
  };
  const authTimer = setTimeout(() => reject('auth-timeout', `no valid hello within ${LIMITS.authDeadlineMs} ms`, 'token', 4401), LIMITS.authDeadlineMs);
  const sample = () => send({ type: 'samples', seq: seq++, reports: [report()] });

  ws.on('message', (data, isBinary) => {
    lastHeard = Date.now();
    tokens = Math.min(LIMITS.messageBurst, tokens + ((Date.now() - refilled) / 1000) * LIMITS.maxMessagesPerSecond);
    refilled = Date.now();
    if (tokens < 1) return reject('rate-limited', `more than ${LIMITS.maxMessagesPerSecond} frames per second`, null, 4429);
    tokens -= 1;
    if (isBinary) return error('invalid-payload', 'frames are JSON text', '(root)');
    let f;
    try {
      f = JSON.parse(data.toString());
    } catch (e) {
      return error('invalid-json', `the frame is not JSON: ${e.message}`, '(root)');
    }
    if (!isObject(f)) return error('invalid-payload', 'a frame is a JSON object', '(root)');
    if (f.v !== 1) return error('unsupported-version', `protocol version ${JSON.stringify(f.v)} is not supported; this side speaks 1`, 'v');
    const id = f.type === 'command' && str(f.id, 128) ? { id: f.id } : {};
    if (f.type === 'command' && authed && isObject(f.command) && typeof f.command.name === 'string' && !(f.command.name in COMMANDS) && id.id) {
      return send({ type: 'commandResult', id: id.id, result: runCommand(f.command) });
    }
    const bad = invalidField(f);
    if (bad) return error('invalid-payload', `invalid frame: ${bad} is missing or wrong`, bad, id);
    if (!authed) {
      if (f.type !== 'hello') return reject('hello-required', `send hello before ${f.type}`, 'type', 4401);
      if (f.token !== token) return reject('auth-failed', 'the agent token was refused', 'token', 4401);
      authed = true;
      clearTimeout(authTimer);
      send({ type: 'welcome', agentVersion: 'third-party-0.1', engine: 'sandbox', nodeId: NODE_ID, capabilities: ACCEPTED, limits: LIMITS });
      send({ type: 'capabilities', capabilities: ACCEPTED });
      heartbeat = setInterval(() => {
        if (Date.now() - lastHeard > LIMITS.heartbeatTimeoutMs) ws.close(4408, 'heartbeat timeout');
        else send({ type: 'ping', at: Date.now() });
      }, LIMITS.heartbeatIntervalMs);
      return;
    }
    if (f.type === 'hello') return error('already-authenticated', 'hello was already accepted', 'type');
    if (f.type === 'subscribe') {
      clearInterval(sampler);
      sampler = setInterval(sample, f.intervalMs);
      if (seq === 0) sample();
      return;
    }
    if (f.type === 'ping') return send({ type: 'pong', at: f.at });
    if (f.type === 'command') return send({ type: 'commandResult', id: f.id, result: runCommand(f.command) });
  });
  ws.on('error', () => {});
  ws.on('close', () => {
    clearTimeout(authTimer);
    clearInterval(sampler);
    clearInterval(heartbeat);
  });
}

const http = createServer((_req, res) => {
  res.writeHead(426, { 'x-replicadesk-agent': '1', 'content-type': 'text/plain' });
  res.end('agent protocol v1: connect with a WebSocket\n');
});
const wss = new WebSocketServer({ server: http, maxPayload: LIMITS.maxFrameBytes, perMessageDeflate: false });
wss.on('headers', (headers) => headers.push('x-replicadesk-agent: 1'));
wss.on('connection', serveSession);
http.listen(Number(values.port), values.host, () => {
  const { port } = http.address();
  process.stdout.write(`agent ${NODE_ID} ws://${values.host}:${port}\n`);
});
const stop = () => {
  for (const ws of wss.clients) ws.close(1001, 'agent shutting down');
  wss.close();
  http.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
