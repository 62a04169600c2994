import type { NodeRole } from '../../../shared/model/node';
import { LinkObserver, observedStream } from '../common/link-observer';
import type { PrimaryReplicaCore } from './cluster';

/** Turns state changes of the log-shipping sandbox into events: role changes, broken/restored links, split brain. */
export class PrObserver {
  private readonly roles = new Map<string, NodeRole>();
  private readonly links = new LinkObserver();
  private splitBrain = false;

  observe(core: PrimaryReplicaCore): void {
    for (const n of core.nodes.values()) {
      const role = core.roleOf(n);
      const before = this.roles.get(n.id);
      if (before !== undefined && before !== role) {
        core.emit('role-change', 'warning', n.id, `${n.id}: ${before} -> ${role} (timeline ${n.timeline})`);
      }
      this.roles.set(n.id, role);
    }
    const links = [...core.streams.values()].map(observedStream);
    this.links.observe(links, (...args) => core.emit(...args));
    const writable = [...core.nodes.values()].filter((n) => n.writable);
    if (writable.length > 1 && !this.splitBrain) {
      const who = writable.map((n) => `${n.id} (timeline ${n.timeline})`).join(' and ');
      core.emit('split-brain', 'critical', writable[0]!.id, `two writable primaries: ${who}; fence or rejoin one`);
    }
    this.splitBrain = writable.length > 1;
  }
}
