import { fail, type Failure } from '../../../shared/result';
import { toLogFormat } from '../../core/errors';
import { permissionAdvice, type DeniedError } from './permission-advice';

/** Codes a DBA can act on. */
export type PgErrorCode =
  | 'invalid-connection-string'
  | 'auth-failed'
  | 'connection-refused'
  | 'host-not-found'
  | 'connection-lost'
  | 'timeout'
  | 'tls-mismatch'
  | 'not-postgres'
  | 'permission-denied'
  | 'unknown';

/** Thrown by our own client-side timers (a hung server never answers, so pg never errors). */
export class PgTimeoutError extends Error {
  constructor(
    readonly phase: 'connect' | 'query',
    readonly timeoutMs: number,
  ) {
    super(`no answer within ${timeoutMs} ms while ${phase === 'connect' ? 'connecting' : 'running the sample query'}`);
    this.name = 'PgTimeoutError';
  }
}

/** Raised when the first bytes a server sends are not the PostgreSQL protocol. */
export class NotPostgresError extends Error {
  constructor(readonly firstBytes: string) {
    super(`the server answered with something other than PostgreSQL: "${firstBytes}"`);
    this.name = 'NotPostgresError';
  }
}

export interface ErrorContext {
  /** `host:port` */
  address: string;
  user: string;
  database: string;
  sslmode: string;
  /** The statement that failed (ours), so a permission error names the privilege it needed. */
  statement?: string;
}

/** The fields of a server error that say what was denied. */
function deniedOf(e: { routine?: unknown; detail?: unknown }, message: string, statement: string | undefined): DeniedError {
  return {
    message,
    ...(statement ? { statement } : {}),
    ...(typeof e?.routine === 'string' ? { routine: e.routine } : {}),
    ...(typeof e?.detail === 'string' ? { detail: e.detail } : {}),
  };
}

/**
 * A node's failure reason quoted after a sentence that already names the node: without its
 * leading "host:port: " (every reason classifyPgError gives starts with the address).
 */
export function withoutAddress(reason: string, address: string): string {
  return reason.startsWith(`${address}: `) ? reason.slice(address.length + 2) : reason;
}

const pgFailure = (code: PgErrorCode, reason: string): Failure => fail(code, reason);

/** Turns whatever connecting or querying threw into a code and a reason that says what to do. */
export function classifyPgError(error: unknown, ctx: ErrorContext): Failure {
  const e = error as { code?: unknown; message?: unknown; routine?: unknown; detail?: unknown };
  const message = typeof e?.message === 'string' ? e.message : toLogFormat(error);
  const code = typeof e?.code === 'string' ? e.code : '';
  const at = ctx.address;

  if (error instanceof NotPostgresError) {
    return pgFailure('not-postgres', `${at} does not speak PostgreSQL (it answered "${error.firstBytes}"): check the host and port`);
  }
  if (error instanceof PgTimeoutError) {
    return pgFailure('timeout', `${at}: ${error.message}: the server or the network hangs; check that it is up and not overloaded, and that no firewall drops the traffic`);
  }
  switch (code) {
    case '28P01':
      return pgFailure('auth-failed', `${at}: password authentication failed for user "${ctx.user}": check the password in the connection string`);
    case '28000':
      if (/no encryption/i.test(message)) {
        return pgFailure('tls-mismatch', `${at} only accepts SSL connections for "${ctx.user}" (pg_hba.conf hostssl): use sslmode=require`);
      }
      return pgFailure('auth-failed', `${at} refused the login of "${ctx.user}": ${message} (check pg_hba.conf allows this host and user)`);
    case '3D000':
      return pgFailure('unknown', `${at}: database "${ctx.database}" does not exist: fix dbname in the connection string`);
    case '42501':
      return pgFailure('permission-denied', `${at}: permission denied for "${ctx.user}" (${message}): ${permissionAdvice(deniedOf(e, message, ctx.statement), ctx.user)}`);
    case '53300':
      return pgFailure('connection-refused', `${at} has no free connection slots (too many connections): raise max_connections or close idle sessions`);
    case '57P03':
      return pgFailure('connection-refused', `${at} is starting up, shutting down or in crash recovery: ${message}`);
    case '57P01':
    case '57P02':
      return pgFailure('connection-lost', `${at} ended the session: ${message} (the server is shutting down or was restarted)`);
    case 'ECONNREFUSED':
      return pgFailure('connection-refused', `nothing accepts connections on ${at}: is the server running, and listening on this address and port (listen_addresses, port)?`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return pgFailure('host-not-found', `the host of ${at} cannot be resolved (DNS): check the host name`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return pgFailure('connection-refused', `no route to ${at}: check the address and the network`);
    case 'ETIMEDOUT':
      return pgFailure('timeout', `connecting to ${at} timed out in the network: check the address and firewalls`);
    case 'ECONNRESET':
    case 'EPIPE':
      return pgFailure('connection-lost', `${at} closed the connection: ${message}`);
    default:
      break;
  }
  if (/does not support SSL/i.test(message)) {
    return pgFailure('tls-mismatch', `${at} has SSL turned off but the connection string asks for sslmode=${ctx.sslmode}: use sslmode=disable (or prefer), or turn ssl on in the server`);
  }
  if (/certificate|self[- ]signed|wrong version number|SSL routines|TLS|ssl/i.test(message) || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || /CERT|SIGNATURE/.test(code)) {
    return pgFailure('tls-mismatch', `${at}: the SSL handshake failed (${message}): check sslmode=${ctx.sslmode}, sslrootcert and the server certificate`);
  }
  if (/password must be a string|no password|password authentication/i.test(message)) {
    return pgFailure('auth-failed', `${at} asks for a password and the connection string has none for "${ctx.user}": add it`);
  }
  if (/terminated unexpectedly|Connection terminated|connection is closed/i.test(message)) {
    return pgFailure('connection-lost', `${at} closed the connection unexpectedly: is it restarting, or is this port another service?`);
  }
  if (/^[0-9A-Z]{5}$/.test(code)) {
    return pgFailure('unknown', `${at}: the server reported ${code}: ${message}`);
  }
  return pgFailure('unknown', `${at}: ${message}`);
}
