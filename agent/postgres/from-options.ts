import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fail, ok, type Result } from '../../shared/result';
import { parseLogin } from './local-sql';
import { conninfo } from '../../shared/postgres/quote';
import { LocalPostgresHost } from './local-host';
import { PostgresBackend } from './backend';
import { CLI_SECRET_HINT, lookupPgpass, readSecretFile } from '../cli-secrets';
import type { LocalLogin } from './local-sql';
import { splitSeed } from '../../shared/postgres/seed-secrets';

/** What `replicadesk-agent --backend postgres` is given. */
export interface PostgresAgentArgs {
  pgdata: string | undefined;
  pgConn: string | undefined;
  pgBindir: string | undefined;
  pgLog: string | undefined;
  nodeId: string | undefined;
  replicationUser: string | undefined;
  /** A file holding the local server's password (else PGPASSWORD, else PGPASSFILE or ~/.pgpass). */
  pgPasswordFile?: string | undefined;
  /** A password inside --pg-conn is refused unless this is set. */
  allowCliSecrets?: boolean;
  env?: NodeJS.ProcessEnv;
  warn?: (line: string) => void;
}

/** Builds the backend from CLI arguments; a failure is a usage error (exit 2) with a message that says what to pass. */
export function postgresBackendFrom(a: PostgresAgentArgs): Result<PostgresBackend> {
  if (!a.pgdata) return fail('usage', 'the postgres backend needs --pgdata DIR (the data directory of the local server)');
  if (!a.pgConn) return fail('usage', "the postgres backend needs --pg-conn 'postgres://user@127.0.0.1:5432/postgres' (the local server's login; its password from --pg-password-file, PGPASSWORD or PGPASSFILE)");
  const login = parseLogin(a.pgConn);
  if (!login.ok) return fail('usage', `--pg-conn: ${login.reason}`);
  const inArgs = splitSeed(a.pgConn).secrets;
  const passwordInArgs = inArgs.password ?? inArgs.queryPassword ?? inArgs.sslpassword;
  if (passwordInArgs !== undefined && !a.allowCliSecrets) {
    return fail('usage', `--pg-conn carries a password, which is refused: ${CLI_SECRET_HINT}. Leave it out of --pg-conn and use --pg-password-file FILE, PGPASSWORD or PGPASSFILE (or add --allow-cli-secrets if you accept the risk)`);
  }
  const password = localPassword({ ...login.value, password: passwordInArgs === undefined ? undefined : login.value.password }, a);
  if (!password.ok) return password;
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
  const t = { ...login.value, password: password.value };
  const host = new LocalPostgresHost({
    dataDir,
    binDir,
    runAs: runAs.value,
    logFile: a.pgLog ?? path.join(os.tmpdir(), `replicadesk-agent-pg-${t.port}.log`),
    replicationUser: a.replicationUser ?? t.user,
    rewindConninfo: conninfo({ user: t.user, dbname: t.database }),
    ...(t.password === undefined ? {} : { rewindPassword: t.password }),
  });
  return ok(new PostgresBackend({ login: t, host, ...(a.nodeId ? { nodeId: a.nodeId } : {}) }));
}

/**
 * The local server's password: in --pg-conn (only with --allow-cli-secrets), a
 * file, PGPASSWORD, or the libpq password file. One from a file is put in this
 * process's PGPASSWORD, where pg (and pg_rewind, through rewindPassword) find it.
 */
function localPassword(login: LocalLogin, a: PostgresAgentArgs): Result<string | undefined> {
  const env = a.env ?? process.env;
  if (login.password !== undefined) {
    a.warn?.(`the password is in --pg-conn, where ${CLI_SECRET_HINT}`);
    return ok(login.password);
  }
  if (a.pgPasswordFile !== undefined) {
    const read = readSecretFile(a.pgPasswordFile, 'password');
    if (!read.ok) return read;
    if (read.value.warning) a.warn?.(read.value.warning);
    process.env.PGPASSWORD = read.value.value;
    return ok(read.value.value);
  }
  if (env.PGPASSWORD) return ok(env.PGPASSWORD);
  const passfile = env.PGPASSFILE ?? (env.HOME ? path.join(env.HOME, '.pgpass') : null);
  if (!passfile) return ok(undefined);
  let text: string;
  try {
    text = readFileSync(passfile, 'utf8');
  } catch {
    return ok(undefined); // no password file: peer/trust authentication, or the server will say what it wants
  }
  return ok(lookupPgpass(text, login));
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
