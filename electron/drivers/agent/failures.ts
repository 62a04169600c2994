import type { IncomingMessage } from 'node:http';
import { AGENT_HEADER, AgentCloseCode } from '../../../shared/agent/limits';
import { fail, type Failure } from '../../../shared/result';

/** Why an agent connection attempt failed, as a code a DBA can act on. */
export type AgentFailureCode =
  | 'unreachable'
  | 'invalid-url'
  | 'auth-failed'
  | 'not-an-agent'
  | 'node-down'
  | 'heartbeat-timeout'
  | 'rate-limited'
  | 'frame-too-large'
  | 'connection-lost'
  | 'timeout';

export function agentFailure(code: AgentFailureCode, reason: string): Failure {
  return fail(code, reason);
}

/** A socket error before or during the handshake (refused, DNS, TLS). */
export function fromSocketError(url: string, error: Error): Failure {
  const code = (error as { code?: string }).code;
  const detail = code ? `${error.message} (${code})` : error.message;
  return agentFailure('unreachable', `cannot reach the agent at ${url}: ${detail}`);
}

/** An HTTP answer instead of a WebSocket upgrade: an agent whose node is down, or not an agent at all. */
export function fromHttpResponse(url: string, res: IncomingMessage): Failure {
  const status = res.statusCode ?? 0;
  if (res.headers[AGENT_HEADER] !== undefined && status === 503) {
    return agentFailure('node-down', `the agent at ${url} reports its node is down (HTTP 503)`);
  }
  if (res.headers[AGENT_HEADER] !== undefined && status === 429) {
    return agentFailure('auth-failed', `the agent at ${url} makes this address wait after refused tokens (HTTP 429, retry after ${String(res.headers['retry-after'] ?? '?')} s): check the token`);
  }
  return agentFailure('not-an-agent', `${url} answered HTTP ${status}; it is not a ReplicaDesk agent`);
}

/** A close of an open socket, by its WebSocket close code. */
export function fromClose(url: string, code: number, reason: string, wasReady: boolean): Failure {
  const why = reason ? `: ${reason}` : '';
  switch (code) {
    case AgentCloseCode.authFailed:
      return agentFailure('auth-failed', `the agent at ${url} refused the token${why}`);
    case AgentCloseCode.nodeDown:
      return agentFailure('node-down', `the agent at ${url} reports its node is down${why}`);
    case AgentCloseCode.rateLimited:
      return agentFailure('rate-limited', `the agent at ${url} closed the connection for flooding${why}`);
    case AgentCloseCode.frameTooLarge:
      return agentFailure('frame-too-large', `a frame was too large for ${url}${why}`);
    case AgentCloseCode.heartbeatTimeout:
      return agentFailure('heartbeat-timeout', `the agent at ${url} heard nothing from us${why}`);
    default:
      return wasReady
        ? agentFailure('connection-lost', `the connection to ${url} closed (${code})${why}`)
        : agentFailure('not-an-agent', `${url} closed the connection (${code}) before saying welcome${why}`);
  }
}

/**
 * When connect() finds no usable agent, the most telling failure wins:
 * a refused token or a wrong URL says more than an unreachable host.
 */
const priority: AgentFailureCode[] = ['auth-failed', 'invalid-url', 'not-an-agent', 'node-down', 'timeout', 'unreachable'];

export function mostTelling(failures: Failure[]): Failure | null {
  let best: Failure | null = null;
  let bestRank = Number.POSITIVE_INFINITY;
  for (const f of failures) {
    const rank = priority.indexOf(f.code as AgentFailureCode);
    const r = rank === -1 ? priority.length : rank;
    if (r < bestRank) {
      best = f;
      bestRank = r;
    }
  }
  return best;
}
