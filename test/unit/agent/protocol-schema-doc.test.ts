import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SCHEMA_PATH, schemaText } from '../../../scripts/gen-agent-schema';
import { AgentCommandNameSchema, AgentFrameSchema, ClientFrameSchema } from '../../../shared/agent/protocol';
import { NodeReportSchema } from '../../../shared/agent/report';
import { ClusterNodeSchema, NodeRoleSchema } from '../../../shared/model/node';
import { ClusterEventKindSchema } from '../../../shared/model/event';
import { AGENT_ERROR_CODES, COMMAND_FAILURE_CODES } from '../../../shared/agent/error-codes';

const committed = readFileSync(SCHEMA_PATH, 'utf8');
const doc = JSON.parse(committed) as { $defs: Record<string, Record<string, unknown>> };
const markdown = readFileSync(SCHEMA_PATH.replace(/\.schema\.json$/, '.md'), 'utf8');

function unionTypes(schema: z.ZodDiscriminatedUnion): string[] {
  return schema.options.map((o) => ((o as z.ZodObject).shape.type as z.ZodLiteral).value as string);
}

describe('docs/agent-protocol.schema.json', () => {
  it('is what the zod schemas generate (run `npm run docs:agent` after changing shared/agent)', () => {
    expect(committed).toBe(schemaText());
  });

  it('names every frame type, command, node-report field, role, event kind and command result', () => {
    const d = doc.$defs;
    const refs = (def: string) => (d[def]!.oneOf as { $ref: string }[]).map((r) => r.$ref.replace('#/$defs/', ''));
    expect(refs('ClientFrame')).toHaveLength(unionTypes(ClientFrameSchema).length);
    expect(refs('AgentFrame')).toHaveLength(unionTypes(AgentFrameSchema).length);
    expect(refs('AgentFrame')).toContain('CapabilitiesFrame');
    expect(d.CommandName!.enum).toEqual(AgentCommandNameSchema.options);
    expect(Object.keys(d.CommandResultValues!.properties as object).sort()).toEqual([...AgentCommandNameSchema.options].sort());
    expect(Object.keys(d.NodeReport!.properties as object).sort()).toEqual(Object.keys(NodeReportSchema.shape).sort());
    expect(Object.keys(d.ClusterNode!.properties as object).sort()).toEqual(Object.keys(ClusterNodeSchema.shape).sort());
    expect(d.NodeRole!.enum).toEqual(NodeRoleSchema.options);
    expect(d.EventKind!.enum).toEqual(ClusterEventKindSchema.options);
    const codes = (def: string) => (d[def]!.oneOf as { const: string }[]).map((c) => c.const);
    expect(codes('ErrorCode')).toEqual(Object.keys(AGENT_ERROR_CODES));
    expect(codes('CommandFailureCode')).toEqual(Object.keys(COMMAND_FAILURE_CODES));
  });

  it('docs/agent-protocol.md mentions every frame type, command, role, event kind and code', () => {
    const words = [
      ...unionTypes(ClientFrameSchema),
      ...unionTypes(AgentFrameSchema),
      ...AgentCommandNameSchema.options,
      ...NodeRoleSchema.options,
      ...ClusterEventKindSchema.options,
      ...Object.keys(AGENT_ERROR_CODES),
      ...Object.keys(COMMAND_FAILURE_CODES),
      ...Object.keys(ClusterNodeSchema.shape),
      ...Object.keys(NodeReportSchema.shape),
    ];
    const missing = [...new Set(words)].filter((w) => !markdown.includes(`\`${w}\``));
    expect(missing).toEqual([]);
  });

  it('validates frames as the zod schemas do (through zod.fromJSONSchema)', () => {
    const agentFrame = z.fromJSONSchema({ ...doc, anyOf: undefined, $ref: '#/$defs/AgentFrame' } as never);
    const good = { v: 1, type: 'capabilities', capabilities: ['read'] };
    expect(agentFrame.safeParse(good).success).toBe(true);
    expect(AgentFrameSchema.safeParse(good).success).toBe(true);
    for (const bad of [{ v: 1, type: 'capabilities', capabilities: ['selfDestruct'] }, { v: 2, type: 'ping', at: 1 }, { v: 1, type: 'samples', seq: 0, reports: [] }]) {
      expect(agentFrame.safeParse(bad).success).toBe(false);
      expect(AgentFrameSchema.safeParse(bad).success).toBe(false);
    }
  });
});
