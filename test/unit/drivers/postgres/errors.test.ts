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
    [pgError('42501', 'permission denied for function pg_read_file'), 'permission-denied', /GRANT EXECUTE ON FUNCTION pg_read_file\(text, bigint, bigint\) TO "monitor";/],
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

/** PG15's own words for each denial (measured on PG15 here), and the advice each must get. */
describe('permission-denied advice depends on what was denied', () => {
  const denied = (message: string, over: { routine?: string; detail?: string } = {}) => Object.assign(new Error(message), { code: '42501', ...over });
  it.each([
    [denied('permission denied for function pg_promote', { routine: 'aclcheck_error' }), 'GRANT EXECUTE ON FUNCTION pg_promote(boolean, integer) TO "monitor";'],
    [denied('permission denied for function pg_reload_conf'), 'GRANT EXECUTE ON FUNCTION pg_reload_conf() TO "monitor";'],
    [denied('permission denied to set parameter "default_transaction_read_only"', { routine: 'AlterSystemSetConfigFile' }), 'GRANT ALTER SYSTEM ON PARAMETER default_transaction_read_only TO "monitor";'],
    [denied('permission denied to set parameter "work_mem"', { routine: 'set_config_option' }), 'GRANT SET ON PARAMETER work_mem TO "monitor";'],
    [denied('must be a member of the role whose process is being terminated or member of pg_signal_backend'), 'GRANT pg_signal_backend TO "monitor";'],
    [denied('permission denied to terminate process', { detail: 'Only roles with privileges of the role whose process is being terminated or with privileges of the "pg_signal_backend" role may terminate this process.' }), 'GRANT pg_signal_backend TO "monitor";'],
    [denied('must be a superuser to terminate superuser process'), 'needs a superuser'],
    [denied('must be superuser or have privileges of pg_checkpoint to do CHECKPOINT'), 'GRANT pg_checkpoint TO "monitor";'],
    [denied('must be superuser or replication role to use replication slots'), 'ALTER ROLE "monitor" REPLICATION;'],
    [denied('permission denied for function pg_ls_waldir'), 'GRANT pg_monitor TO "monitor";'],
    [denied('must be superuser or have privileges of pg_read_all_settings to examine "primary_conninfo"'), 'GRANT pg_monitor TO "monitor";'],
  ])('%s', (error, advice) => {
    const f = classifyPgError(error, ctx);
    expect(f.code).toBe('permission-denied');
    expect(f.reason).toContain(advice);
  });

  it('never advises pg_monitor for what pg_monitor does not grant', () => {
    for (const message of ['permission denied for function pg_promote', 'permission denied to set parameter "primary_conninfo"', 'permission denied for table pg_subscription', 'must be superuser to do this']) {
      expect(classifyPgError(Object.assign(new Error(message), { code: '42501' }), ctx).reason).not.toContain('pg_monitor TO');
    }
  });
});
