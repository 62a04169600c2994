import { existsSync } from 'node:fs';
import { fail, ok, type Result } from '../../shared/result';
import { readSecretFile } from '../cli-secrets';
import { PgbouncerBackend } from './backend';

/** What `replicadesk-agent --backend pgbouncer` is given. */
export interface PgbouncerAgentArgs {
  ini: string | undefined;
  /** `host:port:user` of an admin_users login on the local PgBouncer. */
  admin: string | undefined;
  /** A file holding that login's password (else PGBOUNCER_ADMIN_PASSWORD). */
  passwordFile: string | undefined;
  nodeId: string | undefined;
  env: NodeJS.ProcessEnv;
}

export function pgbouncerBackendFrom(a: PgbouncerAgentArgs): Result<PgbouncerBackend> {
  if (!a.ini || !existsSync(a.ini)) return fail('usage', 'the pgbouncer backend needs --pgbouncer-ini FILE (the pgbouncer.ini PgBouncer runs with)');
  const m = a.admin ? /^([A-Za-z0-9.:-]+):(\d{1,5}):([A-Za-z0-9_.-]+)$/.exec(a.admin) : null;
  if (!m) return fail('usage', 'the pgbouncer backend needs --pgbouncer-admin HOST:PORT:USER (an admin_users login; its password from --pg-password-file or PGBOUNCER_ADMIN_PASSWORD)');
  let password = a.env.PGBOUNCER_ADMIN_PASSWORD ?? '';
  if (a.passwordFile) {
    const r = readSecretFile(a.passwordFile, 'the PgBouncer admin password');
    if (!r.ok) return fail('usage', r.reason);
    password = r.value.value;
  }
  return ok(new PgbouncerBackend({ iniFile: a.ini, admin: { host: m[1] ?? '', port: Number(m[2]), user: m[3] ?? '', password }, ...(a.nodeId ? { nodeId: a.nodeId } : {}) }));
}
