import type { SandboxFault } from '../../../shared/ipc/sandbox';
import { assertNever, fail, ok, type Result } from '../../../shared/result';
import type { SimNetwork } from '../sim/network';

type LinkFault = Extract<SandboxFault, { kind: 'slow-link' | 'cut-link' | 'heal-link' }>;

/**
 * Which directed links a link fault acts on. With `from`, the link from→to
 * (and, when `symmetric`, to→from too: a cut between two hosts). Without
 * `from`: every link into `to`, and when `symmetric` every link out of it
 * too (the node is isolated / slowed).
 */
export function linksOf(nodeIds: readonly string[], fault: LinkFault, symmetric: boolean): Result<[string, string][]> {
  for (const id of [fault.from, fault.to]) {
    if (id !== undefined && !nodeIds.includes(id)) return fail('unknown-node', `no node "${id}" in this sandbox`);
  }
  if (fault.from === fault.to) return fail('invalid-link', 'a link joins two different nodes');
  const peers = fault.from !== undefined ? [fault.from] : nodeIds.filter((id) => id !== fault.to);
  const pairs: [string, string][] = [];
  for (const peer of peers) {
    pairs.push([peer, fault.to]);
    const both = symmetric && (fault.kind !== 'slow-link' || fault.from === undefined);
    if (both) pairs.push([fault.to, peer]);
  }
  return ok(pairs);
}

/** Applies a link fault to the network and says what it did. */
export function applyLinkFault(
  net: SimNetwork,
  nodeIds: readonly string[],
  fault: LinkFault,
  symmetric: boolean,
): Result<{ detail: string; links: string[] }> {
  const pairs = linksOf(nodeIds, fault, symmetric);
  if (!pairs.ok) return pairs;
  for (const [from, to] of pairs.value) {
    switch (fault.kind) {
      case 'slow-link':
        net.configure(from, to, { delayMs: fault.delayMs, bandwidthBytesPerSec: fault.bandwidthBytesPerSec });
        break;
      case 'cut-link':
        net.cut(from, to);
        break;
      case 'heal-link':
        net.heal(from, to);
        break;
      default:
        assertNever(fault, 'link fault');
    }
  }
  const links = pairs.value.map(([from, to]) => `${from}->${to}`);
  const verb = { 'slow-link': 'slowed', 'cut-link': 'cut', 'heal-link': 'healed' }[fault.kind];
  return ok({ detail: `${verb} ${links.join(', ')}`, links });
}
