import { describe, expect, it } from 'vitest';
import { classifyPgError, NotPostgresError, PgTimeoutError } from '../../../../electron/drivers/postgres/errors';

const ctx = { address: '10.0.0.5:5432', user: 'monitor', database: 'postgres', sslmode: 'require' };

function pgError(code: string, message: string) {
  return Object.assign(new Error(message), { code });
}

function netError(code: string) {
  return Object.assign(new Error(`connect ${code} 10.0.0.5:5432`), { code });
}

describe('classifyPgError', () => {
  it.each([
    [pgError('28P01', 'password authentication failed for user "monitor"'), 'auth-failed', /check the password/],
    [pgError('28000', 'no pg_hba.conf entry for host "10.0.0.9", user "monitor", database "postgres", no encryption'), 'tls-mismatch', /sslmode=require/],
    [pgError('28000', 'no pg_hba.conf entry for host "10.0.0.9", user "monitor", database "postgres", SSL encryption'), 'auth-failed', /pg_hba\.conf/],
    [pgError('42501', 'permission denied for function pg_read_file'), 'permission-denied', /GRANT pg_monitor TO monitor/],
    [pgError('57P03', 'the database system is starting up'), 'connection-refused', /starting up/],
    [pgError('53300', 'sorry, too many clients already'), 'connection-refused', /max_connections/],
    [pgError('57P01', 'terminating connection due to administrator command'), 'connection-lost', /shutting down/],
    [pgError('3D000', 'database "nope" does not exist'), 'unknown', /dbname/],
    [netError('ECONNREFUSED'), 'connection-refused', /is the server running/],
    [netError('ENOTFOUND'), 'host-not-found', /DNS/],
    [netError('ECONNRESET'), 'connection-lost', /closed the connection/],
    [new Error('The server does not support SSL connections'), 'tls-mismatch', /SSL turned off.*sslmode=require/],
    [Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), 'tls-mismatch', /handshake failed/],
    [new PgTimeoutError('connect', 3000), 'timeout', /no answer within 3000 ms while connecting/],
    [new PgTimeoutError('query', 2000), 'timeout', /sample query/],
    [new NotPostgresError('HTTP/1.1 400 Bad'), 'not-postgres', /HTTP\/1\.1 400 Bad.*check the host and port/],
    [new Error('Connection terminated unexpectedly'), 'connection-lost', /unexpectedly/],
    [new Error('SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string'), 'auth-failed', /has none/],
    ['weird string', 'unknown', /weird string/],
  ])('%s → %s', (error, code, reason) => {
    const f = classifyPgError(error, ctx);
    expect(f.ok).toBe(false);
    expect(f.code).toBe(code);
    expect(f.reason).toMatch(reason);
    expect(f.reason).toContain('10.0.0.5:5432');
  });
});
