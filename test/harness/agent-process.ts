import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface AgentProcess {
  /** `nodeId → url`, from the `agent <nodeId> <url>` lines the agent prints. */
  agents: { nodeId: string; url: string }[];
  token: string;
  pid: number;
  /** SIGTERM by PID, SIGKILL after 5 s; resolves once the process is gone. */
  stop(): Promise<void>;
}

/**
 * Starts an agent program as a child process (`node <script> --token-file F …`),
 * the way an operator runs one, and waits for its `agent <nodeId> <url>` lines.
 */
export async function startAgentProcess(script: string, args: string[], expectAgents = 1, startTimeoutMs = 30_000): Promise<AgentProcess> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rd-conformance-'));
  const token = `conformance-${Math.random().toString(36).slice(2)}-token`;
  const tokenFile = path.join(dir, 'token');
  writeFileSync(tokenFile, token, { mode: 0o600 });
  const child: ChildProcess = spawn(process.execPath, [script, '--token-file', tokenFile, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, REPLICADESK_LOG: 'warn' } });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4_000)));
  const agents: { nodeId: string; url: string }[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let buffered = '';
      const timer = setTimeout(() => reject(new Error(`${script} printed ${agents.length} of ${expectAgents} agent lines within ${startTimeoutMs} ms; stderr: ${stderr}`)), startTimeoutMs);
      child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready; stderr: ${stderr}`)));
      child.stdout!.on('data', (d: Buffer) => {
        buffered += d.toString();
        for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
          const m = /^agent (\S+) (wss?:\/\/\S+)$/.exec(buffered.slice(0, nl).trim());
          buffered = buffered.slice(nl + 1);
          if (m) agents.push({ nodeId: m[1]!, url: m[2]! });
        }
        if (agents.length >= expectAgents) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { agents, token, pid: child.pid!, stop };
}
