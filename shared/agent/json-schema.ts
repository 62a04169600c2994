import { z } from 'zod';
import * as P from './protocol';
import { AnyAgentCommandSchema } from './commands';
import { AgentEventSchema } from './events';
import { NodeReportSchema } from './report';
import { CommandResultValuesSchema } from './results';
import { AGENT_ERROR_CODES, COMMAND_FAILURE_CODES } from './error-codes';
import { ClusterNodeSchema, NodeRoleSchema, NodeStatusSchema } from '../model/node';
import { ClusterEventKindSchema, SeveritySchema } from '../model/event';
import { GaleraConflictRecordSchema, GaleraConflictThreadSchema } from '../engines/galera-conflict';
import { LagSchema, LinkStateSchema, ReplicationLinkSchema, SyncModeSchema } from '../model/link';
import { ReplicationSlotSchema } from '../model/slot';
import { ConsensusMemberSchema } from '../model/consensus';
import { ClusterKindSchema } from '../model/cluster';
import { AGENT_PROTOCOL_VERSION } from './limits';

export const AGENT_SCHEMA_ID = `urn:replicadesk:agent-protocol:v${AGENT_PROTOCOL_VERSION}`;

/** Every schema the document names, in the order it lists them. */
const NAMED: [string, z.ZodType][] = [
  ['ClientFrame', P.ClientFrameSchema],
  ['AgentFrame', P.AgentFrameSchema],
  ['HelloFrame', P.HelloFrameSchema],
  ['SubscribeFrame', P.SubscribeFrameSchema],
  ['CommandFrame', P.CommandFrameSchema],
  ['PingFrame', P.PingFrameSchema],
  ['PongFrame', P.PongFrameSchema],
  ['WelcomeFrame', P.WelcomeFrameSchema],
  ['CapabilitiesFrame', P.CapabilitiesFrameSchema],
  ['SamplesFrame', P.SamplesFrameSchema],
  ['EventFrame', P.EventFrameSchema],
  ['CommandResultFrame', P.CommandResultFrameSchema],
  ['ErrorFrame', P.ErrorFrameSchema],
  ['AgentLimits', P.AgentLimitsSchema],
  ['CommandName', P.AgentCommandNameSchema],
  ['Command', AnyAgentCommandSchema],
  ['CommandResultValues', CommandResultValuesSchema],
  ['NodeReport', NodeReportSchema],
  ['ClusterKind', ClusterKindSchema],
  ['ClusterNode', ClusterNodeSchema],
  ['NodeRole', NodeRoleSchema],
  ['NodeStatus', NodeStatusSchema],
  ['ReplicationLink', ReplicationLinkSchema],
  ['LinkState', LinkStateSchema],
  ['SyncMode', SyncModeSchema],
  ['Lag', LagSchema],
  ['ReplicationSlot', ReplicationSlotSchema],
  ['ConsensusMember', ConsensusMemberSchema],
  ['AgentEvent', AgentEventSchema],
  ['GaleraConflictRecord', GaleraConflictRecordSchema],
  ['GaleraConflictThread', GaleraConflictThreadSchema],
  ['EventKind', ClusterEventKindSchema],
  ['Severity', SeveritySchema],
];

function codeList(codes: Record<string, string>): Record<string, unknown> {
  return { type: 'string', oneOf: Object.entries(codes).map(([code, description]) => ({ const: code, description })) };
}

/**
 * The agent protocol as one JSON Schema (draft 2020-12) document, generated
 * from the zod schemas: a frame in either direction validates against the
 * root; `$defs` names every frame, the command set, each command's success
 * value (`CommandResultValues`), the node report and its parts, event kinds
 * and the error codes. docs/agent-protocol.schema.json is this, written by
 * `npm run docs:agent`.
 */
export function agentProtocolJsonSchema(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of NAMED) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { target: 'draft-2020-12', uri: (id) => `#/$defs/${id}`, unrepresentable: 'throw' });
  const defs: Record<string, unknown> = {};
  for (const [id] of NAMED) {
    const { $schema: _s, $id: _i, ...rest } = schemas[id] as Record<string, unknown>;
    defs[id] = rest;
  }
  defs.ErrorCode = codeList(AGENT_ERROR_CODES);
  defs.CommandFailureCode = codeList(COMMAND_FAILURE_CODES);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: AGENT_SCHEMA_ID,
    title: `ReplicaDesk agent protocol v${AGENT_PROTOCOL_VERSION}`,
    description:
      'JSON text frames over WebSocket. A frame from the client validates against $defs/ClientFrame, one from the agent against $defs/AgentFrame. ' +
      'A successful commandResult.result.value for command NAME validates against $defs/CommandResultValues/properties/NAME. ' +
      'Error frame codes are listed in $defs/ErrorCode, command failure codes the reference agent sends in $defs/CommandFailureCode (a backend may add its own). ' +
      'Generated from shared/agent/*.ts by `npm run docs:agent`; docs/agent-protocol.md explains the session.',
    anyOf: [{ $ref: '#/$defs/ClientFrame' }, { $ref: '#/$defs/AgentFrame' }],
    $defs: defs,
  };
}
