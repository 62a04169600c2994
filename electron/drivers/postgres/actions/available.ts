import type { NodeActions } from '../../../../shared/model/action';
import type { ClusterNode } from '../../../../shared/model/node';
import type { ClusterSample } from '../../../../shared/model/sample';
import { formatBytes, formatMs } from '../../../core/events/format';

type Kind = NodeActions['actions'][number]['kind'];

export interface AvailabilityLimits {
  maxLagBytes: number;
  maxLagMs: number;
  hostControls(nodeId: string): boolean;
}

const yes = (kind: Kind) => ({ kind, available: true, why: null });
const no = (kind: Kind, why: string) => ({ kind, available: false, why });

/** Per node, which actions can run right now and why the others cannot. Pure: reads one sample. */
export function availableActions(sample: ClusterSample, limits: AvailabilityLimits): NodeActions[] {
  const primaries = sample.nodes.filter((n) => n.role === 'primary');
  const livePrimary = primaries.filter((n) => n.status.kind === 'up');
  const writable = livePrimary.filter((n) => !n.readOnly);
  return sample.nodes.map((n) => ({ nodeId: n.id, actions: n.role === 'primary' ? primaryActions(n, writable, limits, newerPrimary(n, primaries)) : standbyActions(n, sample, livePrimary, limits) }));
}

/**
 * Another primary (answering or last seen) on a newer timeline than `n`: `n` is the older side of a switchover or
 * failover, and unfencing it would make a writable primary on a diverged timeline (trial 21).
 */
export function newerPrimary(n: ClusterNode, primaries: readonly ClusterNode[]): ClusterNode | undefined {
  const mine = n.timeline ?? null;
  if (mine === null) return undefined;
  return primaries.find((p) => p.id !== n.id && p.timeline !== undefined && p.timeline !== null && p.timeline > mine);
}

function primaryActions(n: ClusterNode, writable: ClusterNode[], limits: AvailabilityLimits, newer?: ClusterNode) {
  const up = n.status.kind === 'up';
  const notUp = `${n.name} is ${n.status.kind}`;
  const other = writable.find((w) => w.id !== n.id);
  // A fenced (or read-only) primary beside a writable one is the old primary: its way back is rejoin.
  const oldPrimary = other && (n.readOnly || n.fenced) ? `${n.name} is the fenced old primary: rejoin it as a standby of ${other.name}` : null;
  return [
    no('switchover', oldPrimary ?? 'already the primary'),
    no('failover', oldPrimary ?? 'already the primary'),
    !up ? no('fence', notUp) : n.readOnly ? no('fence', 'already refuses writes') : yes('fence'),
    !up
      ? no('unfence', notUp)
      : !n.readOnly
        ? no('unfence', 'already accepts writes')
        : other
          ? no('unfence', `${other.name} is the writable primary: unfencing makes a split brain`)
          : newer
            ? no('unfence', `${newer.name} is on a newer timeline (${newer.timeline} > ${n.timeline}): ${n.name} is the old side; unfencing it makes a primary on a diverged timeline. Unfence ${newer.name}, and rejoin ${n.name} as its standby`)
            : yes('unfence'),
    !limits.hostControls(n.id)
      ? oldPrimary
        ? { ...no('rejoin', `needs the agent on that host: rejoin ${n.name} as a standby of ${other?.name} by hand (pg_rewind, standby.signal, start)`), byHand: `rejoin ${n.name} as a standby of ${other?.name} (by hand: pg_rewind, standby.signal)` }
        : no('rejoin', 'needs the agent on that host')
      : !other
        ? no('rejoin', 'it is the only primary: there is nothing to rejoin')
        : yes('rejoin'),
  ];
}

function standbyActions(n: ClusterNode, sample: ClusterSample, livePrimary: ClusterNode[], limits: AvailabilityLimits) {
  const link = sample.links.find((l) => l.to === n.id);
  const fromPrimary = link ? livePrimary.find((p) => p.id === link.from) : undefined;
  const common = [no('fence', 'a standby refuses writes already'), no('unfence', 'a standby is not fenced'), no('rejoin', 'already a standby')];
  if (n.status.kind === 'down' || n.status.kind === 'unreachable') {
    const why = `${n.name} is ${n.status.kind}`;
    return [no('switchover', why), no('failover', why), ...common];
  }
  if (n.replayPaused) return [no('switchover', 'replay is paused'), no('failover', 'replay is paused'), ...common];
  if (livePrimary.length === 0) return [no('switchover', 'no primary answers: fail over instead'), yes('failover'), ...common];
  const named = livePrimary.map((p) => p.name).join(', ');
  // A node named "primary" reads "primary is up", not "the primary primary is up".
  const primaryUp = `${/primary/i.test(named) ? named : `the primary ${named}`} is up: switch over instead`;
  if (!fromPrimary || !link || link.state !== 'streaming') {
    const why = n.role === 'cascading-replica' ? 'streams from another standby, not the primary' : `not streaming (${link?.state ?? 'no link'})`;
    return [no('switchover', why), no('failover', primaryUp), ...common];
  }
  const bytes = link.lag.bytes.replay ?? link.lag.bytes.sent;
  const ms = link.lag.ms.replay;
  let lagWhy: string | null = null;
  if (bytes !== null && bytes > limits.maxLagBytes) lagWhy = `lag ${formatBytes(bytes)} > ${formatBytes(limits.maxLagBytes)} limit`;
  else if (ms !== null && ms > limits.maxLagMs) lagWhy = `lag ${formatMs(ms)} > ${formatMs(limits.maxLagMs)} limit`;
  return [lagWhy ? no('switchover', lagWhy) : yes('switchover'), no('failover', primaryUp), ...common];
}
