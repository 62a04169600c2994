import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = path.join(ROOT, 'bin', 'replicadesk.cjs');

/** Builds the Node side (3 s) and, when missing, the renderer: the tests run the built `replicadesk`. */
export function buildServe(): void {
  const steps = [['node', 'scripts/build-main.mjs']];
  if (!existsSync(path.join(ROOT, 'dist', 'renderer', 'index.html'))) steps.unshift(['npm', 'run', 'build:renderer']);
  for (const [cmd, ...args] of steps) {
    const r = spawnSync(cmd!, args, { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  }
}

export interface Proc {
  child: ChildProcess;
  output(): string;
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  exited(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const started = new Set<ChildProcess>();

/** Runs `node <script> …args` with its output collected; every one is SIGKILLed by `killAll` if still running. */
export function run(script: string, args: string[], env: Record<string, string> = {}): Proc {
  const child = spawn(process.execPath, [script, ...args], { cwd: ROOT, env: { ...process.env, REPLICADESK_LOG: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  started.add(child);
  let text = '';
  child.stdout!.on('data', (c: Buffer) => (text += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (text += c.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    output: () => text,
    waitFor: async (re, timeoutMs = 30_000) => {
      for (const end = Date.now() + timeoutMs; Date.now() < end; await sleep(50)) {
        const m = re.exec(text);
        if (m) return m;
        if (child.exitCode !== null) break;
      }
      throw new Error(`no ${re} in the output of ${script} ${args.join(' ')} (exit ${child.exitCode}):\n${text}`);
    },
    exited: (timeoutMs = 30_000) =>
      Promise.race([exit, sleep(timeoutMs).then(() => Promise.reject(new Error(`${script} ${args.join(' ')} still running after ${timeoutMs} ms:\n${text}`)))]),
  };
}

export function killAll(): void {
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}

/** PIDs whose parent is `pid` (from /proc). */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(entry));
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

export function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
  });
}

/** Redeems a one-time link as a browser does; returns the `name=value` session cookie. */
export async function login(link: string): Promise<string> {
  const r = await get(link);
  const cookie = String(r.headers['set-cookie'] ?? '').split(';')[0];
  if (r.status !== 303 || !cookie) throw new Error(`link refused: ${r.status} ${r.body}`);
  return cookie;
}

/** A browser-mode page's bridge: its cookie and own Origin; collects every frame. */
export async function openBridge(origin: string, cookie: string): Promise<{ ws: WebSocket; frames: Record<string, unknown>[]; request(channel: string, body: unknown): Promise<Record<string, unknown>> }> {
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/bridge`, { headers: { Cookie: cookie, Origin: origin } });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const frames: Record<string, unknown>[] = [];
  ws.on('message', (d: Buffer) => frames.push(JSON.parse(d.toString()) as Record<string, unknown>));
  let next = 1;
  return {
    ws,
    frames,
    request: async (channel, body) => {
      const id = next++;
      ws.send(JSON.stringify({ id, channel, request: body }));
      for (const end = Date.now() + 30_000; Date.now() < end; await sleep(20)) {
        const f = frames.find((x) => x.type === 'response' && x.id === id);
        if (f) return f.result as Record<string, unknown>;
      }
      throw new Error(`no response to ${channel}`);
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
