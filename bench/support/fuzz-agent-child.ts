/**
 * Child process of `npm run bench:fuzz`: a node agent over a fake backend,
 * token from REPLICADESK_AGENT_TOKEN. The frame rate limit is raised so the
 * fuzz reaches the frame handlers instead of the flood guard (floods are
 * tested in test/unit/agent). Prints `{ "port": N }`; stops on SIGTERM.
 */
import { startAgentServer } from '../../agent/server';
import { FakeBackend } from '../../test/unit/agent/fake-backend';

async function main(): Promise<void> {
  const token = process.env.REPLICADESK_AGENT_TOKEN ?? '';
  delete process.env.REPLICADESK_AGENT_TOKEN;
  const server = await startAgentServer({
    backend: new FakeBackend('fuzz-1'),
    token,
    limits: { maxMessagesPerSecond: 1_000_000, messageBurst: 1_000_000 },
  });
  process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
  process.on('SIGTERM', () => {
    void server.close().finally(() => process.exit(0));
  });
}

void main();
