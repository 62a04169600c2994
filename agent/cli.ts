import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { SandboxCluster } from './backend';
import { serveCluster } from './server';
import { AGENT_VERSION } from './server/version';
import { assertNever } from '../shared/result';

export const USAGE = `replicadesk-agent ${AGENT_VERSION}: serves a database node over agent protocol v1 (WebSocket).

Usage:
  replicadesk-agent --token T [--backend sandbox] [--sandbox primary-replica|multi-primary|consensus]
                    [--host 127.0.0.1] [--port N] [--tls-cert FILE --tls-key FILE]

  --token T       the token clients must present (or set REPLICADESK_AGENT_TOKEN)
  --backend B     sandbox (default) | postgres (not available in this version)
  --sandbox K     which sandbox cluster to run (default primary-replica); every node gets its own agent
  --host H        address to listen on (default 127.0.0.1)
  --port N        first port; node i listens on N+i (default: a free port each)
  --tls-cert F    PEM certificate; with --tls-key, serve wss://
  --tls-key F     PEM private key

Prints one line per node: agent <nodeId> <url>. Stops on SIGINT/SIGTERM.`;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** `stop` is set while agents are running; otherwise the process should exit with `code`. */
export interface CliOutcome {
  code: number;
  stop: (() => Promise<void>) | null;
}

const SANDBOX_KINDS = ['primary-replica', 'multi-primary', 'consensus'] as const;
type SandboxKind = (typeof SANDBOX_KINDS)[number];

/** Parses arguments and starts the agents. A non-zero code means nothing is left running. */
export async function runAgentCli(argv: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<CliOutcome> {
  const usageError = (message: string): CliOutcome => {
    io.err(`replicadesk-agent: ${message}\nRun replicadesk-agent --help for usage.`);
    return { code: 2, stop: null };
  };
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      options: {
        token: { type: 'string' },
        backend: { type: 'string', default: 'sandbox' },
        sandbox: { type: 'string', default: 'primary-replica' },
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    return usageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    io.out(USAGE);
    return { code: 0, stop: null };
  }
  const token = (values.token as string | undefined) ?? env.REPLICADESK_AGENT_TOKEN;
  if (!token) return usageError('a token is required: pass --token T or set REPLICADESK_AGENT_TOKEN');
  if (values.backend === 'postgres') {
    return usageError('the postgres backend is not available in this version; use --backend sandbox');
  }
  if (values.backend !== 'sandbox') return usageError(`unknown backend "${String(values.backend)}"; use sandbox`);
  const kind = values.sandbox as string;
  if (!(SANDBOX_KINDS as readonly string[]).includes(kind)) {
    return usageError(`unknown sandbox "${kind}"; use ${SANDBOX_KINDS.join(', ')}`);
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) return usageError(`--port must be a port number, not "${String(values.port)}"`);
  const certFile = values['tls-cert'] as string | undefined;
  const keyFile = values['tls-key'] as string | undefined;
  if (Boolean(certFile) !== Boolean(keyFile)) return usageError('--tls-cert and --tls-key go together');
  let tls: { cert: Buffer; key: Buffer } | undefined;
  try {
    tls = certFile && keyFile ? { cert: readFileSync(certFile), key: readFileSync(keyFile) } : undefined;
  } catch (error) {
    return usageError(`cannot read the TLS files: ${error instanceof Error ? error.message : String(error)}`);
  }

  const cluster = await createSandbox(kind as SandboxKind);
  try {
    const served = await serveCluster(cluster, { token, host: values.host as string, basePort: port, tls });
    for (const s of served) io.out(`agent ${s.nodeId} ${s.server.url}`);
    return {
      code: 0,
      stop: async () => {
        await Promise.allSettled(served.map((s) => s.server.close()));
        await cluster.dispose();
      },
    };
  } catch (error) {
    await cluster.dispose();
    io.err(`replicadesk-agent: cannot listen: ${error instanceof Error ? error.message : String(error)}`);
    return { code: 1, stop: null };
  }
}

async function createSandbox(kind: SandboxKind): Promise<SandboxCluster> {
  // Loaded only when needed, so --help and argument errors answer at once.
  const sandbox = await import('./sandbox');
  switch (kind) {
    case 'primary-replica':
      return sandbox.createPrimaryReplicaSandbox();
    case 'multi-primary':
      return sandbox.createMultiPrimarySandbox();
    case 'consensus':
      return sandbox.createRaftSandbox();
    default:
      return assertNever(kind, 'sandbox kind');
  }
}

/** Entry point used by bin/replicadesk-agent.cjs. Signals during startup are honoured once the agents are up. */
export async function main(argv: string[]): Promise<void> {
  const io: CliIo = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };
  let stop: (() => Promise<void>) | null = null;
  let stopRequested = false;
  const shutdown = () => {
    if (stopRequested && stop === null) return;
    stopRequested = true;
    const running = stop;
    stop = null;
    if (running) void running().finally(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  const outcome = await runAgentCli(argv, process.env, io);
  if (!outcome.stop) {
    process.off('SIGINT', shutdown);
    process.off('SIGTERM', shutdown);
    process.exitCode = outcome.code;
    return;
  }
  stop = outcome.stop;
  if (stopRequested) shutdown();
}
