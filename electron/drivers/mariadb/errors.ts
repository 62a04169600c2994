import { fail, type Failure } from '../../../shared/result';

/** Codes a DBA can act on. */
export type MariadbErrorCode =
  | 'connection-refused'
  | 'host-not-found'
  | 'timeout'
  | 'auth-failed'
  | 'missing-privilege'
  | 'not-mariadb'
  | 'connection-lost'
  | 'aborted'
  | 'server-error';

/** Thrown by our own timers: a hung server never answers. */
export class MariadbTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'MariadbTimeoutError';
  }
}

export class MariadbAbortedError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'MariadbAbortedError';
  }
}

/** The server answered the handshake but is not MariaDB (MySQL, or a proxy that says otherwise). */
export class NotMariadbError extends Error {
  constructor(version: string) {
    super(`the server says it is "${version}", not MariaDB`);
    this.name = 'NotMariadbError';
  }
}

/** The server hung up before sending the MariaDB greeting: a real server greets at once, so this is another protocol. */
export class NoGreetingError extends Error {
  constructor(readonly detail: string) {
    super(`the server closed the connection without the MariaDB greeting (${detail})`);
    this.name = 'NoGreetingError';
  }
}

/** True for errors that end the connection (hung up, reset). */
export function isConnectionLost(error: unknown): boolean {
  const code = (error as ErrorLike | null)?.code;
  return code === 'PROTOCOL_CONNECTION_LOST' || code === 'ECONNRESET' || code === 'EPIPE';
}

interface ErrorLike {
  code?: unknown;
  errno?: unknown;
  message?: unknown;
}

const ER_DBACCESS_DENIED = 1044;
const ER_ACCESS_DENIED = 1045;
const ER_TABLEACCESS_DENIED = 1142;
const ER_SPECIFIC_ACCESS_DENIED = 1227;

/** True for the server's "you lack a privilege" errors (the statement, not the login, was refused). */
export function isPrivilegeError(error: unknown): boolean {
  const errno = (error as ErrorLike | null)?.errno;
  return errno === ER_SPECIFIC_ACCESS_DENIED || errno === ER_TABLEACCESS_DENIED || errno === ER_DBACCESS_DENIED;
}

/** Turns whatever mysql2 or our timers threw into a code and a reason that says what to do. `at` is host:port. */
export function classifyMariadbError(error: unknown, at: string, user: string): Failure {
  if (error instanceof MariadbAbortedError) return fail('aborted', `${at}: cancelled`);
  if (error instanceof MariadbTimeoutError) return fail('timeout', `${at} did not answer within ${error.timeoutMs} ms (a firewall dropping packets, or an overloaded server)`);
  if (error instanceof NotMariadbError) return fail('not-mariadb', `${at}: ${error.message}; ReplicaDesk reads MariaDB 10.11`);
  if (error instanceof NoGreetingError) return fail('not-mariadb', `${at} does not speak the MariaDB protocol: ${error.message}. Is this the database port?`);
  const e = (error ?? {}) as ErrorLike;
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : String(error);
  if (e.errno === ER_ACCESS_DENIED) return fail('auth-failed', `${at} refused user "${user}": wrong password, or no account for this client host (${message})`);
  if (isPrivilegeError(error)) return fail('missing-privilege', `${at}: ${message}`);
  switch (code) {
    case 'ECONNREFUSED':
      return fail('connection-refused', `nothing accepts connections on ${at} (server down, or another port)`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return fail('host-not-found', `the host of ${at} cannot be resolved`);
    case 'ETIMEDOUT':
      return fail('timeout', `${at} did not answer in time (a firewall dropping packets, or an overloaded server)`);
    case 'ECONNRESET':
    case 'EPIPE':
    case 'PROTOCOL_CONNECTION_LOST':
      return fail('connection-lost', `the connection to ${at} was lost: ${message}`);
    default:
      break;
  }
  if (code.startsWith('HANDSHAKE_') || code.startsWith('PROTOCOL_') || /handshake|packets out of order|Unexpected packet/i.test(message)) {
    return fail('not-mariadb', `${at} does not speak the MariaDB protocol (${message}): is this the database port?`);
  }
  return fail('server-error', `${at}: ${message}`);
}
