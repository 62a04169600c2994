import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { SandboxCluster } from './backend';
import { serveCluster } from './server';
import { serveHostBackend } from './serve-host';
import { AGENT_VERSION } from './server/version';
import { agentToken } from './cli-secrets';
import { assertNever } from '../shared/result';

export const USAGE = `replicadesk-agent ${AGENT_VERSION}: serves a database node over agent protocol v1 (WebSocket).

Usage:
  replicadesk-agent --token-file F [--backend sandbox] [--sandbox primary-replica|multi-primary|consensus]
                    [--host 127.0.0.1] [--port N] [--tls-cert FILE --tls-key FILE]
  replicadesk-agent --token-file F --backend postgres --pgdata DIR --pg-conn URI [--pg-password-file F]
                    [--pg-bindir DIR] [--pg-log FILE] [--node-id HOST:PORT] [--replication-user U] [--host H] [--port N] [TLS]
  replicadesk-agent --token-file F --backend mariadb --error-log FILE --node-id HOST:PORT [--host H] [--port N] [TLS]

  --token-file F  a file holding the token clients must present (mode 600), or set REPLICADESK_AGENT_TOKEN
  --token T       refused: the command line is readable by every user (ps, /proc/PID/cmdline);
                  accepted only with --allow-cli-secrets
  --backend B     sandbox (default) | postgres (the local PostgreSQL server: stop, start, pg_rewind, standby config)
                  | mariadb (follows a MariaDB server's error log: Galera conflicts as events; connects to nothing)
  --error-log F   mariadb: the server's error log (log_error), read from its end; rotation and truncation followed
  --sandbox K     which sandbox cluster to run (default primary-replica); every node gets its own agent
  --pgdata DIR    postgres: the server's data directory (as root, tools run as its owner via runuser)
  --pg-conn URI   postgres: the local server's login WITHOUT its password, e.g. postgres://postgres@127.0.0.1:5432/postgres
                  (also used for pg_rewind's --source-server login). A password in it is refused
                  unless --allow-cli-secrets is given
  --pg-password-file F  postgres: a file holding that login's password; else PGPASSWORD, else
                  PGPASSFILE (default ~/.pgpass) is read
  --allow-cli-secrets  accept --token and a password in --pg-conn (visible to every local user)
  --pg-bindir D   postgres: where pg_ctl, pg_rewind, pg_controldata are (default: pg_config --bindir)
  --pg-log FILE   postgres: pg_ctl start's log file (default: $TMPDIR/replicadesk-agent-pg-<port>.log)
  --node-id ID    postgres: the node id to announce (default: host:port of --pg-conn); mariadb: required, host:port
  --replication-user U  postgres: the login a standby streams with (default: the --pg-conn user)
  --host H        address to listen on (default 127.0.0.1)
  --port N        first port; node i listens on N+i (default: a free port each)
  --tls-cert F    PEM certificate; with --tls-key, serve wss://
  --tls-key F     PEM private key
  --backend pgbouncer --pgbouncer-ini F --pgbouncer-admin HOST:PORT:USER [--pg-password-file F]
                  beside a PgBouncer: re-points a [databases] entry (ini rewrite + RELOAD); the admin password
                  from --pg-password-file or PGBOUNCER_ADMIN_PASSWORD

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
        'token-file': { type: 'string' },
        'allow-cli-secrets': { type: 'boolean', default: false },
        'pg-password-file': { type: 'string' },
        backend: { type: 'string', default: 'sandbox' },
        sandbox: { type: 'string', default: 'primary-replica' },
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        pgdata: { type: 'string' },
        'pg-conn': { type: 'string' },
        'pg-bindir': { type: 'string' },
        'pg-log': { type: 'string' },
        'node-id': { type: 'string' },
        'replication-user': { type: 'string' },
        'error-log': { type: 'string' },
        'pgbouncer-ini': { type: 'string' },
        'pgbouncer-admin': { type: 'string' },
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
  const allowCliSecrets = values['allow-cli-secrets'] === true;
  const tokenRead = agentToken({ token: values.token as string | undefined, tokenFile: values['token-file'] as string | undefined, allowCliSecrets }, env);
  if (!tokenRead.ok) return usageError(tokenRead.reason);
  if (tokenRead.value.warning) io.err(`replicadesk-agent: warning: ${tokenRead.value.warning}`);
  const token = tokenRead.value.value;
  if (!['sandbox', 'postgres', 'mariadb', 'pgbouncer'].includes(String(values.backend))) return usageError(`unknown backend "${String(values.backend)}"; use sandbox, postgres, mariadb or pgbouncer`);
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

  if (values.backend === 'mariadb') {
    const { mariadbBackendFrom } = await import('./mariadb/from-options');
    const backend = mariadbBackendFrom({ errorLog: values['error-log'] as string | undefined, nodeId: values['node-id'] as string | undefined });
    if (!backend.ok) return usageError(backend.reason);
    await backend.value.start();
    return serveHostBackend(backend.value, { token, host: values.host as string, port, tls }, io);
  }
  if (values.backend === 'pgbouncer') {
    const { pgbouncerBackendFrom } = await import('./pgbouncer/from-options');
    const b = pgbouncerBackendFrom({ ini: values['pgbouncer-ini'] as string | undefined, admin: values['pgbouncer-admin'] as string | undefined, passwordFile: values['pg-password-file'] as string | undefined, nodeId: values['node-id'] as string | undefined, env });
    return b.ok ? serveHostBackend(b.value, { token, host: values.host as string, port, tls }, io) : usageError(b.reason);
  }
  if (values.backend === 'postgres') {
    const str = (k: string) => values[k] as string | undefined;
    // Loaded only when needed, like the sandbox.
    const { postgresBackendFrom } = await import('./postgres/from-options');
    const backend = postgresBackendFrom({
      pgdata: str('pgdata'), pgConn: str('pg-conn'), pgBindir: str('pg-bindir'), pgLog: str('pg-log'), nodeId: str('node-id'), replicationUser: str('replication-user'),
      pgPasswordFile: str('pg-password-file'), allowCliSecrets, env, warn: (l) => io.err(`replicadesk-agent: warning: ${l}`),
    });
    if (!backend.ok) return usageError(backend.reason);
    return serveHostBackend(backend.value, { token, host: values.host as string, port, tls }, io);
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
