import type { ActionStep } from '../../../../shared/model/action';
import type { AgentCommand } from '../../../../shared/agent/commands';
import type { ClusterSample } from '../../../../shared/model/sample';
import { fail, ok, type Result } from '../../../../shared/result';
import { incomingLink } from './positions';

export interface StepPort {
  sendCommand(nodeId: string, command: AgentCommand): Promise<Result<unknown>>;
  sample(): Promise<ClusterSample>;
  now(): number;
}

/** Runs one planned step by its id (`op@node` or `op@node>upstream`). */
export async function executeAgentStep(step: ActionStep, port: StepPort, signal: AbortSignal): Promise<Result<string>> {
  const m = /^(\w+)@([^>]+)(?:>(.+))?$/.exec(step.id);
  if (!m) return fail('bad-step', `unknown step ${step.id}`);
  const [, op, node, upstream] = m as unknown as [string, string, string, string | undefined];
  const send = async (command: AgentCommand) => {
    const r = await port.sendCommand(node, command);
    return r.ok ? ok(`${command.name} on ${node}: ${JSON.stringify(r.value)}`) : r;
  };
  switch (op) {
    case 'fence':
    case 'unfence':
    case 'promote':
      return send({ name: op });
    case 'repoint':
    case 'rejoin':
      return upstream ? send({ name: op, upstream }) : fail('bad-step', `${step.id} names no upstream`);
    case 'transfer':
      return upstream ? send({ name: 'transferLeadership', to: upstream }) : fail('bad-step', `${step.id} names no new leader`);
    case 'catchup':
      return waitCaughtUp(node, port, signal);
    default:
      return fail('bad-step', `unknown operation ${op}`);
  }
}

/** Waits until the replica has replayed everything its upstream has (measured after this call began). */
async function waitCaughtUp(node: string, port: StepPort, signal: AbortSignal, timeoutMs = 30_000): Promise<Result<string>> {
  const since = port.now();
  while (port.now() - since < timeoutMs) {
    const link = incomingLink(await port.sample(), node);
    if (link && link.lag.measuredAt > since && link.lag.bytes.replay === 0) {
      return ok(`${node} replayed everything (measured ${link.lag.measuredAt - since} ms after fencing)`);
    }
    if (signal.aborted) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return fail('timeout', `${node} did not catch up within ${timeoutMs / 1000} s; the old primary stays fenced`);
}
