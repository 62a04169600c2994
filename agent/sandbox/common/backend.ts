import type { NodeBackend, SandboxCluster } from '../../backend';
import { toLogFormat } from '../../../shared/log/errors';
import type { AgentCommand, AgentCommandName } from '../../../shared/agent/commands';
import type { AgentEvent } from '../../../shared/agent/events';
import type { NodeReport } from '../../../shared/agent/report';
import { SandboxFaultSchema } from '../../../shared/ipc/sandbox';
import { fail, ok, type Result } from '../../../shared/result';
import { parseOrFail } from '../../../shared/validate';
import type { SandboxRuntime } from '../sim/runtime';
import type { SandboxCore } from './core';

/** One sandbox node seen as an agent backend. A killed node answers nothing but `node-down`. */
class SandboxNodeBackend implements NodeBackend {
  readonly engine = 'sandbox' as const;
  private disposed = false;

  constructor(
    readonly nodeId: string,
    private readonly core: SandboxCore,
    private readonly runtime: SandboxRuntime,
    private readonly cluster: { disposed: boolean; nodeDisposed(): void },
  ) {}

  private down(): Result<never> | null {
    if (this.disposed || this.cluster.disposed) return fail('disposed', `${this.nodeId}: the sandbox node was shut down`);
    if (!this.core.isAlive(this.nodeId)) return fail('node-down', `${this.nodeId} is down (killed by a fault)`);
    return null;
  }

  capabilities(): AgentCommandName[] {
    this.runtime.sync();
    return this.down() ? [] : this.core.capabilities(this.nodeId);
  }

  async report(): Promise<Result<NodeReport>> {
    this.runtime.sync();
    try {
      return this.down() ?? ok(this.core.report(this.nodeId));
    } catch (error) {
      return fail('sandbox-error', `${this.nodeId}: ${toLogFormat(error)}`);
    }
  }

  async command(cmd: AgentCommand): Promise<Result<unknown>> {
    this.runtime.sync();
    const down = this.down();
    if (down) return down;
    try {
      if (cmd.name === 'fault') {
        const parsed = parseOrFail(SandboxFaultSchema, cmd.fault, 'fault');
        return parsed.ok ? this.core.fault(parsed.value) : parsed;
      }
      return await this.core.command(this.nodeId, cmd);
    } catch (error) {
      return fail('sandbox-error', `${this.nodeId}: ${cmd.name} failed: ${toLogFormat(error)}`);
    }
  }

  onEvent(listener: (event: AgentEvent) => void): () => void {
    return this.core.events.subscribe(this.nodeId, listener);
  }

  isAlive(): boolean {
    return !this.disposed && !this.cluster.disposed && this.core.isAlive(this.nodeId);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.core.events.clear(this.nodeId);
    this.cluster.nodeDisposed();
  }
}

export interface SandboxHandle extends SandboxCluster {
  /** The pure core, for tests and tools. */
  readonly core: SandboxCore;
  readonly runtime: SandboxRuntime;
}

/** Wraps a core as a SandboxCluster; disposing the cluster (or every node) stops every timer. */
export function wrapCore(core: SandboxCore, runtime: SandboxRuntime): SandboxHandle {
  let liveBackends = core.nodeIds.length;
  const state = {
    disposed: false,
    nodeDisposed: () => {
      liveBackends--;
      if (liveBackends === 0) dispose();
    },
  };
  const dispose = () => {
    if (state.disposed) return;
    state.disposed = true;
    core.stop();
    runtime.dispose();
    core.events.clear();
  };
  const nodes = core.nodeIds.map((id) => new SandboxNodeBackend(id, core, runtime, state));
  core.start();
  runtime.start();
  return { name: core.name, kind: core.kind, nodes, core, runtime, dispose };
}
