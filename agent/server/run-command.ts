import type { NodeBackend } from '../backend';
import type { AnyAgentCommand } from '../../shared/agent/commands';
import { fail, type Result } from '../../shared/result';

/** Runs one command on the backend; never throws, and refuses what the backend does not list. */
export async function runCommand(backend: NodeBackend, command: AnyAgentCommand): Promise<Result<unknown>> {
  if (!backend.capabilities().includes(command.name)) {
    return fail('not-supported', `this agent (${backend.engine}) cannot ${command.name} on ${backend.nodeId} right now`);
  }
  try {
    const result = await backend.command(command);
    // `undefined` does not survive JSON; say "no value" explicitly.
    return result.ok && result.value === undefined ? { ok: true, value: null } : result;
  } catch (error) {
    return fail('command-failed', error instanceof Error ? error.message : String(error));
  }
}
