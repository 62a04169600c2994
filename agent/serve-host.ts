import type { NodeBackend } from './backend';
import { startAgentServer, type AgentServerOptions } from './server';
import type { CliIo, CliOutcome } from './cli';

/** Serves one host backend (postgres, mariadb) until stopped. */
export async function serveHostBackend(backend: NodeBackend, opts: Omit<AgentServerOptions, 'backend'>, io: CliIo): Promise<CliOutcome> {
  try {
    const server = await startAgentServer({ ...opts, backend });
    io.out(`agent ${backend.nodeId} ${server.url}`);
    return {
      code: 0,
      stop: async () => {
        await server.close();
        await backend.dispose();
      },
    };
  } catch (error) {
    await backend.dispose();
    io.err(`replicadesk-agent: cannot listen: ${error instanceof Error ? error.message : String(error)}`);
    return { code: 1, stop: null };
  }
}

