import type { NodeStatus } from '../../../shared/model/node';
import { assertNever } from '../../../shared/result';

/** One line for a node's status, with its reason where it has one. */
export function describeStatus(status: NodeStatus): { label: string; reason: string | null; since: number | null } {
  switch (status.kind) {
    case 'up':
      return { label: 'up', reason: null, since: null };
    case 'degraded':
      return { label: 'degraded', reason: status.reason, since: null };
    case 'down':
      return { label: 'down', reason: status.reason, since: status.since };
    case 'unreachable':
      return { label: 'unreachable', reason: status.reason, since: status.since };
    default:
      return assertNever(status, 'node status');
  }
}

/** Stale once older than three sample intervals. */
export function isStale(measuredAt: number | null | undefined, now: number, sampleIntervalMs: number): boolean {
  return measuredAt === null || measuredAt === undefined || now - measuredAt > 3 * sampleIntervalMs;
}
