import { z } from 'zod';
import { AnyAgentCommandSchema, type AnyAgentCommandName } from './commands';
import { AgentEventSchema } from './events';
import { NodeReportSchema } from './report';
import { fail, FailureSchema, type Failure } from '../result';
import { parseOrFail } from '../validate';
import { AGENT_PROTOCOL_VERSION, MAX_REPORTS_PER_FRAME, SUBSCRIBE_INTERVAL_MAX_MS, SUBSCRIBE_INTERVAL_MIN_MS } from './limits';

/**
 * Agent protocol v1: JSON text frames over WebSocket. Every frame is an object
 * with `v: 1` and a `type`. docs/agent-protocol.md describes the session.
 */
const v = z.literal(1, 'this agent speaks protocol version 1');
const id = z.string().min(1).max(128);

const commandNames = [
  'promote',
  'fence',
  'unfence',
  'repoint',
  'rejoin',
  'write',
  'read',
  'transferLeadership',
  'resolveConflict',
  'setConflictPolicy',
  'resolveConflicts',
  'readKeys',
  'fault',
  'stop',
  'start',
  'controlData',
  'rewind',
  'writeStandbyConfig',
  'poolerRepoint',
] as const satisfies readonly AnyAgentCommandName[];
// Fails to compile when commands.ts gains a command this list lacks.
type MissingName = Exclude<AnyAgentCommandName, (typeof commandNames)[number]>;
const allNamesListed: MissingName extends never ? true : MissingName = true;
void allNamesListed;
export const AgentCommandNameSchema = z.enum(commandNames);

/** Either side may send `ping`; the other answers `pong` echoing `at`. */
export const PingFrameSchema = z.object({ v, type: z.literal('ping'), at: z.number() });
export const PongFrameSchema = z.object({ v, type: z.literal('pong'), at: z.number() });

// ── client → agent ──────────────────────────────────────────────────────────
export const HelloFrameSchema = z.object({
  v,
  type: z.literal('hello'),
  token: z.string().min(1, 'the agent token is required').max(4096),
  /** Who is connecting, e.g. `replicadesk/0.1.0`. */
  clientVersion: z.string().min(1).max(100),
});

export const SubscribeFrameSchema = z.object({
  v,
  type: z.literal('subscribe'),
  intervalMs: z.number().int().min(SUBSCRIBE_INTERVAL_MIN_MS).max(SUBSCRIBE_INTERVAL_MAX_MS),
});

export const CommandFrameSchema = z.object({ v, type: z.literal('command'), id, command: AnyAgentCommandSchema });

export const ClientFrameSchema = z.discriminatedUnion('type', [
  HelloFrameSchema,
  SubscribeFrameSchema,
  CommandFrameSchema,
  PingFrameSchema,
  PongFrameSchema,
]);
export type ClientFrame = z.infer<typeof ClientFrameSchema>;

// ── agent → client ──────────────────────────────────────────────────────────
export const AgentLimitsSchema = z.object({
  maxFrameBytes: z.number().int().positive(),
  maxMessagesPerSecond: z.number().positive(),
  messageBurst: z.number().int().positive(),
  heartbeatIntervalMs: z.number().int().positive(),
  heartbeatTimeoutMs: z.number().int().positive(),
  authDeadlineMs: z.number().int().positive(),
});

export const WelcomeFrameSchema = z.object({
  v,
  type: z.literal('welcome'),
  agentVersion: z.string().min(1).max(100),
  engine: z.enum(['sandbox', 'postgres', 'mariadb', 'pgbouncer']),
  nodeId: z.string().min(1),
  capabilities: z.array(AgentCommandNameSchema),
  limits: AgentLimitsSchema,
});

/**
 * The commands the agent accepts now. Sent right after `welcome` and again
 * whenever the list changes (e.g. with the node's role); the newest frame wins.
 */
export const CapabilitiesFrameSchema = z.object({ v, type: z.literal('capabilities'), capabilities: z.array(AgentCommandNameSchema) });

export const SamplesFrameSchema = z.object({
  v,
  type: z.literal('samples'),
  /** Per connection, +1 per `samples` frame; a gap means frames were dropped. */
  seq: z.number().int().nonnegative(),
  /** Oldest first; a client keeps the newest per node. */
  reports: z.array(NodeReportSchema).min(1).max(MAX_REPORTS_PER_FRAME),
});

export const EventFrameSchema = z.object({ v, type: z.literal('event'), event: AgentEventSchema });

export const CommandResultFrameSchema = z.object({
  v,
  type: z.literal('commandResult'),
  id,
  result: z.union([z.object({ ok: z.literal(true), value: z.unknown() }), FailureSchema]),
});

export const ErrorFrameSchema = z.object({
  v,
  type: z.literal('error'),
  code: z.string().min(1),
  reason: z.string(),
  /** The first failing field (`command.upstream`, `(root)`), or null when no field is at fault. */
  field: z.string().nullable(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** The command this error answers, when the frame carried a readable id. */
  id: z.string().optional(),
});

export const AgentFrameSchema = z.discriminatedUnion('type', [
  WelcomeFrameSchema,
  CapabilitiesFrameSchema,
  SamplesFrameSchema,
  EventFrameSchema,
  CommandResultFrameSchema,
  ErrorFrameSchema,
  PingFrameSchema,
  PongFrameSchema,
]);
export type AgentFrame = z.infer<typeof AgentFrameSchema>;

export type HelloFrame = z.infer<typeof HelloFrameSchema>;
export type SubscribeFrame = z.infer<typeof SubscribeFrameSchema>;
export type CommandFrame = z.infer<typeof CommandFrameSchema>;
export type WelcomeFrame = z.infer<typeof WelcomeFrameSchema>;
export type CapabilitiesFrame = z.infer<typeof CapabilitiesFrameSchema>;
export type SamplesFrame = z.infer<typeof SamplesFrameSchema>;
export type EventFrame = z.infer<typeof EventFrameSchema>;
export type CommandResultFrame = z.infer<typeof CommandResultFrameSchema>;
export type ErrorFrame = z.infer<typeof ErrorFrameSchema>;
export type AgentLimitsWire = z.infer<typeof AgentLimitsSchema>;

/**
 * Decodes one text frame: JSON, then the protocol version, then the schema.
 * A failure names the failing fields (`issues`), as the `error` frame does.
 */
export function decodeFrame<T extends z.ZodType>(
  schema: T,
  text: string,
  what: string,
): { ok: true; value: z.infer<T> } | Failure {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : 'not JSON';
    return fail('invalid-json', `the ${what} is not JSON: ${message}`, [{ path: '(root)', message }]);
  }
  if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
    const version = (json as { v?: unknown }).v;
    if (version !== undefined && version !== AGENT_PROTOCOL_VERSION) {
      const message = `protocol version ${JSON.stringify(version)} is not supported; this side speaks ${AGENT_PROTOCOL_VERSION}`;
      return fail('unsupported-version', message, [{ path: 'v', message }]);
    }
  }
  return parseOrFail(schema, json, what);
}
