import { startAgentServer, type AgentServer, type AgentServerOptions } from '../../../agent/server';
import type { Logger } from '../../../electron/core/logger';
import { FakeBackend } from './fake-backend';

export const TOKEN = 'test-token-0123456789';

export const quietLog: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => quietLog,
};

/** Starts a real agent server on a free loopback port; `cleanup` closes every one started. */
export function serverPool() {
  const servers: AgentServer[] = [];
  return {
    async start(backend: FakeBackend = new FakeBackend('n1'), opts: Partial<AgentServerOptions> = {}) {
      const server = await startAgentServer({ backend, token: TOKEN, log: quietLog, livenessCheckMs: 50, ...opts });
      servers.push(server);
      return { server, backend };
    },
    async cleanup() {
      await Promise.all(servers.splice(0).map((s) => s.close()));
    },
  };
}

export function waitFor(check: () => boolean, timeoutMs = 3_000, what = 'condition'): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      if (check()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(poll, 10);
    };
    poll();
  });
}
