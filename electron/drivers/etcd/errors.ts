import { fail, type Failure } from '../../../shared/result';
import { toLogFormat } from '../../core/errors';

/** Codes a DBA can act on. */
export type EtcdErrorCode =
  | 'invalid-url'
  | 'not-etcd'
  | 'connection-refused'
  | 'host-not-found'
  | 'connection-lost'
  | 'timeout'
  | 'auth-failed'
  | 'tls-mismatch'
  | 'etcd-error'
  | 'aborted'
  | 'unknown';

/** Thrown by our own timers: a hung server never answers. */
export class EtcdTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'EtcdTimeoutError';
  }
}

/** The server answered, but not like etcd's JSON gateway (HTML, 404, no etcd fields). */
export class NotEtcdError extends Error {
  constructor(readonly what: string) {
    super(what);
    this.name = 'NotEtcdError';
  }
}

/** etcd answered with a gRPC error in JSON: `{ error, code, message }`. */
export class EtcdServerError extends Error {
  constructor(
    readonly grpcCode: number,
    message: string,
    readonly httpStatus: number,
  ) {
    super(message);
    this.name = 'EtcdServerError';
  }
}

export class AbortedError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'AbortedError';
  }
}

const GRPC_UNAUTHENTICATED = 16;
const GRPC_PERMISSION_DENIED = 7;
const GRPC_INVALID_ARGUMENT = 3;

const etcdFailure = (code: EtcdErrorCode, reason: string): Failure => fail(code, reason);

/** Turns whatever a request threw into a code and a reason that says what to do. `at` is the endpoint URL. */
export function classifyEtcdError(error: unknown, at: string): Failure {
  if (error instanceof AbortedError) return etcdFailure('aborted', 'the request was cancelled');
  if (error instanceof NotEtcdError) {
    return etcdFailure('not-etcd', `${at} is not an etcd v3 JSON gateway (${error.what}): check the URL points at an etcd client port (2379 by default)`);
  }
  if (error instanceof EtcdTimeoutError) {
    return etcdFailure('timeout', `${at}: ${error.message}: the member or the network hangs; check that it is up and that no firewall drops the traffic`);
  }
  if (error instanceof EtcdServerError) {
    if (error.grpcCode === GRPC_UNAUTHENTICATED || /authentication failed|invalid auth token|user name is empty|token/i.test(error.message)) {
      return etcdFailure('auth-failed', `${at}: ${error.message}: check the user name and password (etcd auth is enabled)`);
    }
    if (error.grpcCode === GRPC_PERMISSION_DENIED) {
      return etcdFailure('auth-failed', `${at}: permission denied (${error.message}): the user needs the root role for maintenance calls`);
    }
    if (error.grpcCode === GRPC_INVALID_ARGUMENT && /user name not found|password/i.test(error.message)) {
      return etcdFailure('auth-failed', `${at}: ${error.message}`);
    }
    return etcdFailure('etcd-error', `${at}: etcd refused the request: ${error.message} (gRPC code ${error.grpcCode})`);
  }
  const e = error as { code?: unknown; message?: unknown; cause?: unknown };
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : toLogFormat(error);
  switch (code) {
    case 'ECONNREFUSED':
      return etcdFailure('connection-refused', `nothing accepts connections on ${at}: is etcd running, and listening there (--listen-client-urls)?`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return etcdFailure('host-not-found', `the host of ${at} cannot be resolved (DNS): check the host name`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return etcdFailure('connection-refused', `no route to ${at}: check the address and the network`);
    case 'ETIMEDOUT':
      return etcdFailure('timeout', `connecting to ${at} timed out in the network: check the address and firewalls`);
    case 'ECONNRESET':
    case 'EPIPE':
      return etcdFailure('connection-lost', `${at} closed the connection: ${message} (is it TLS-only? then use https://)`);
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_INVALID_VERSION':
      return etcdFailure('not-etcd', `${at} does not speak HTTP: check the port is etcd's client port`);
    default:
      break;
  }
  if (/certificate|self[- ]signed|wrong version number|SSL routines|TLS|ssl/i.test(message) || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || /CERT|SIGNATURE/.test(code)) {
    return etcdFailure('tls-mismatch', `${at}: the TLS handshake failed (${message}): check http:// vs https://, the CA file and the client certificate`);
  }
  return etcdFailure('unknown', `${at}: ${message}`);
}
