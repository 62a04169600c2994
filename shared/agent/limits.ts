/** Version of the agent protocol; every frame carries it as `v`. */
export const AGENT_PROTOCOL_VERSION = 1 as const;

/**
 * Limits of agent protocol v1. The agent announces the ones it enforces in
 * `welcome.limits`; clients adopt the heartbeat figures from there.
 */
export interface AgentLimits {
  /** Largest frame either side accepts (UTF-8 bytes of the JSON text). */
  maxFrameBytes: number;
  /** Sustained frames per second a client may send; more closes the socket. */
  maxMessagesPerSecond: number;
  /** Frames a client may send in a burst above the sustained rate. */
  messageBurst: number;
  /** The agent sends a `ping` this often; the client answers `pong`. */
  heartbeatIntervalMs: number;
  /** Silence (no frame at all) after which either side drops the connection. */
  heartbeatTimeoutMs: number;
  /** A client must send a valid `hello` within this time. */
  authDeadlineMs: number;
}

export const DEFAULT_AGENT_LIMITS: Readonly<AgentLimits> = Object.freeze({
  maxFrameBytes: 256 * 1024,
  maxMessagesPerSecond: 50,
  messageBurst: 100,
  heartbeatIntervalMs: 5_000,
  heartbeatTimeoutMs: 15_000,
  authDeadlineMs: 5_000,
});

/** Bounds of `subscribe.intervalMs`. */
export const SUBSCRIBE_INTERVAL_MIN_MS = 250;
export const SUBSCRIBE_INTERVAL_MAX_MS = 60_000;

/** Most reports in one `samples` frame. */
export const MAX_REPORTS_PER_FRAME = 64;

/**
 * WebSocket close codes the agent uses (4000–4999 are application codes).
 * 1009 (message too big) is sent by the WebSocket layer for oversized frames.
 */
export const AgentCloseCode = Object.freeze({
  /** The agent is shutting down. */
  goingAway: 1001,
  /** A frame above maxFrameBytes. */
  frameTooLarge: 1009,
  /** Wrong token, no `hello` in time, or another frame before `hello`. */
  authFailed: 4401,
  /** No frame from the client within heartbeatTimeoutMs. */
  heartbeatTimeout: 4408,
  /** The client sent frames faster than the rate limit. */
  rateLimited: 4429,
  /** The node this agent serves is down; reconnects are refused until it is back. */
  nodeDown: 4503,
});

/**
 * When the node is down, the agent answers the WebSocket upgrade with HTTP 503
 * and this header, so a client can tell "agent says node down" from "not an agent".
 */
export const AGENT_HEADER = 'x-replicadesk-agent';
