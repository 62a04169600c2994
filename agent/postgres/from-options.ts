import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fail, ok, type Result } from '../../shared/result';
import { parseLogin } from './local-sql';
import { quoteLibpq } from './auto-conf';
import { LocalPostgresHost } from './local-host';
import { PostgresBackend } from './backend';

/** What `replicadesk-agent --backend postgres` is given. */
export interface PostgresAgentArgs {
  pgdata: string | undefined;
  pgConn: string | undefined;
  pgBindir: string | undefined;
  pgLog: string | undefined;
  nodeId: string | undefined;
  replicationUser: string | undefined;
}

/** Builds the backend from CLI arguments; a failure is a usage error (exit 2) with a message that says what to pass. */
export function postgresBackendFrom(a: PostgresAgentArgs): Result<PostgresBackend> {
  if (!a.pgdata) return fail('usage', 'the postgres backend needs --pgdata DIR (the data directory of the local server)');
  if (!a.pgConn) return fail('usage', "the postgres backend needs --pg-conn 'postgres://user:password@127.0.0.1:5432/postgres' (the local server's login)");
  const login = parseLogin(a.pgConn);
  if (!login.ok) return fail('usage', `--pg-conn: ${login.reason}`);
  const dataDir = path.resolve(a.pgdata);
  let owner: { uid: number };
  try {
    owner = statSync(dataDir);
    statSync(path.join(dataDir, 'PG_VERSION'));
  } catch {
    return fail('usage', `--pgdata ${dataDir} is not a PostgreSQL data directory (no PG_VERSION)`);
  }
  const binDir = a.pgBindir ?? pgConfigBindir();
  if (!binDir) return fail('usage', 'pg_config is not on PATH: pass --pg-bindir (e.g. /usr/lib/postgresql/15/bin)');
  const runAs = runAsFor(owner.uid);
  if (!runAs.ok) return runAs;
  const t = login.value;
  const host = new LocalPostgresHost({
    dataDir,
    binDir,
    runAs: runAs.value,
    logFile: a.pgLog ?? path.join(os.tmpdir(), `replicadesk-agent-pg-${t.port}.log`),
    replicationUser: a.replicationUser ?? t.user,
    rewindConninfo: `user=${quoteLibpq(t.user)} dbname=${quoteLibpq(t.database)}`,
    ...(t.password === undefined ? {} : { rewindPassword: t.password }),
  });
  return ok(new PostgresBackend({ login: t, host, ...(a.nodeId ? { nodeId: a.nodeId } : {}) }));
}

function pgConfigBindir(): string | null {
  try {
    return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** As root, the tools run as the data directory's owner (PostgreSQL refuses root); otherwise as ourselves. */
function runAsFor(ownerUid: number): Result<string | null> {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return ok(null);
  if (ownerUid === 0) return fail('usage', 'the data directory belongs to root, and PostgreSQL refuses to run as root: chown it to the server user');
  try {
    return ok(execFileSync('id', ['-nu', String(ownerUid)], { encoding: 'utf8' }).trim());
  } catch {
    return fail('usage', `the data directory's owner (uid ${ownerUid}) has no user name; runuser needs one`);
  }
}
