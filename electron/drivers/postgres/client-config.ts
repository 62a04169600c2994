import { readFileSync } from 'node:fs';
import type { ClientConfig } from 'pg';
import type { ConnectionOptions } from 'node:tls';
import { fail, ok, type Result } from '../../../shared/result';
import type { Timeouts } from '../../../shared/model/cluster';
import type { PgTarget } from './conn-string';

/** Whether a connect attempt asks for SSL first, by sslmode (`prefer` falls back to plain when refused). */
export function wantsSsl(target: PgTarget): boolean {
  return target.sslmode !== 'disable' && target.sslmode !== 'allow';
}

function tlsOptions(target: PgTarget): Result<ConnectionOptions> {
  if (target.sslmode !== 'verify-ca' && target.sslmode !== 'verify-full') return ok({ rejectUnauthorized: false });
  let ca: string | undefined;
  if (target.sslrootcert) {
    try {
      ca = readFileSync(target.sslrootcert, 'utf8');
    } catch (e) {
      return fail('tls-mismatch', `cannot read sslrootcert ${target.sslrootcert}: ${(e as Error).message}`);
    }
  }
  const opts: ConnectionOptions = { rejectUnauthorized: true, ...(ca ? { ca } : {}) };
  // verify-ca checks the chain but not the host name.
  if (target.sslmode === 'verify-ca') opts.checkServerIdentity = () => undefined;
  return ok(opts);
}

/** node-postgres settings for one attempt; timeouts are enforced by our own timers, plus statement_timeout on the server. */
export function clientConfig(target: PgTarget, timeouts: Timeouts, ssl: boolean): Result<ClientConfig> {
  const base: ClientConfig = {
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database: target.database,
    application_name: 'replicadesk',
    statement_timeout: timeouts.queryTimeoutMs,
    keepAlive: true,
  };
  if (!ssl) return ok({ ...base, ssl: false });
  const tls = tlsOptions(target);
  if (!tls.ok) return tls;
  return ok({ ...base, ssl: tls.value });
}
