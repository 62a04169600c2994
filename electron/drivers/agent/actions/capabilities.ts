import type { AgentCommandName } from '../../../../shared/agent/commands';
import type { ActionStep, PreflightCheck } from '../../../../shared/model/action';

/** What the agent serving one node said in its handshake (`welcome`, in answer to our `hello`). */
export interface AgentOnNode {
  url: string;
  engine: string;
  agentVersion: string;
  capabilities: readonly string[];
}

/** The agent connected for a node now, or null when none is. */
export type AgentDirectory = (nodeId: string) => AgentOnNode | null;

/** The agent command a step sends, from its id (`op@node` or `op@node>upstream`); null for steps that only wait. */
export function stepCommand(stepId: string): { node: string; command: AgentCommandName } | null {
  const m = /^(\w+)@([^>]+)(?:>.+)?$/.exec(stepId);
  if (!m) return null;
  const [, op, node] = m as unknown as [string, string, string];
  const command = COMMAND_OF[op];
  return command ? { node, command } : null;
}

const COMMAND_OF: Record<string, AgentCommandName | undefined> = {
  fence: 'fence',
  unfence: 'unfence',
  promote: 'promote',
  repoint: 'repoint',
  rejoin: 'rejoin',
  transfer: 'transferLeadership',
};

/** Why the agent of `nodeId` cannot take `command`, or null when it announced it. */
export function missingCapability(agents: AgentDirectory, nodeId: string, name: string, command: AgentCommandName): string | null {
  const a = agents(nodeId);
  if (!a) return `no agent is connected for ${name}: ${command} needs one`;
  if (a.capabilities.includes(command)) return null;
  const said = a.capabilities.length ? a.capabilities.join(', ') : 'nothing';
  return `the agent of ${name} (${a.engine} agent ${a.agentVersion} at ${a.url}) did not announce ${command}; it announced: ${said}`;
}

/**
 * One check per node a step sends a command to: its agent announced every
 * command those steps send. A blocker names the node, the agent and what is missing.
 */
export function capabilityChecks(steps: readonly ActionStep[], agents: AgentDirectory, nameOf: (nodeId: string) => string): PreflightCheck[] {
  const byNode = new Map<string, AgentCommandName[]>();
  for (const s of steps) {
    const c = stepCommand(s.id);
    if (!c) continue;
    const list = byNode.get(c.node) ?? [];
    if (!list.includes(c.command)) list.push(c.command);
    byNode.set(c.node, list);
  }
  return [...byNode].map(([node, commands]) => {
    const name = nameOf(node);
    const a = agents(node);
    const id = `agent:${node}`;
    if (!a) return { id, ok: false, severity: 'blocker', explanation: `no agent is connected for ${name}: its steps (${commands.join(', ')}) cannot run` };
    const missing = commands.filter((c) => !a.capabilities.includes(c));
    if (missing.length === 0) return { id, ok: true, severity: 'info', explanation: `the agent of ${name} (${a.url}) announced ${commands.join(', ')}` };
    const said = a.capabilities.length ? a.capabilities.join(', ') : 'nothing';
    return {
      id,
      ok: false,
      severity: 'blocker',
      explanation: `the agent of ${name} (${a.engine} agent ${a.agentVersion} at ${a.url}) did not announce ${missing.join(', ')}, which the plan sends it; it announced: ${said}`,
    };
  });
}
