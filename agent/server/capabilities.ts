import type { NodeBackend } from '../backend';
import type { CapabilitiesFrame } from '../../shared/agent/protocol';

/**
 * Tells one client which commands the agent accepts now: a `capabilities`
 * frame right after `welcome`, and another whenever the backend's list
 * changes (a role change, a restarted node). Checked after every samples
 * frame, event, command result and heartbeat, so a change is announced
 * within one sample interval (or one heartbeat without a subscription).
 */
export class CapabilityAnnouncer {
  private last: string | null = null;

  constructor(
    private readonly backend: NodeBackend,
    private readonly send: (frame: CapabilitiesFrame) => void,
  ) {}

  /** Sends the list when it differs from the one this client last got. */
  check(): void {
    const capabilities = this.backend.capabilities();
    const key = [...capabilities].sort().join(',');
    if (key === this.last) return;
    this.last = key;
    this.send({ v: 1, type: 'capabilities', capabilities: [...capabilities] });
  }
}
