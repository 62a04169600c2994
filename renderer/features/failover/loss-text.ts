import type { ActionPlan } from '../../../shared/model/action';
import { nodeLabel } from '../../../shared/model/action';
import { formatBytes, formatClock, formatMs } from '../../lib/format';

/**
 * The expected loss of a failover in words. The reading is the last good one of
 * the old primary; for asynchronous replication a reading taken before the
 * crash cannot bound the loss (writes committed after it are unknown), so it is
 * "at least", never "≤". "Stopped answering" is the first failed read (the
 * node's down/unreachable `since`), so the gap between the two is real.
 */
export function lossSentence(plan: Pick<ActionPlan, 'expectedDataLoss' | 'expectedDataLossBytes' | 'target' | 'nodeNames'>): { bytes: number | null; headline: string; detail: string } {
  const loss = plan.expectedDataLoss;
  const bytes = loss?.bytes ?? plan.expectedDataLossBytes;
  if (bytes === null || bytes === undefined) return { bytes: null, headline: 'unknown (no last position from the old primary)', detail: '' };
  const oldName = loss?.nodeId ? nodeLabel(plan, loss.nodeId) : 'the old primary';
  const candidate = nodeLabel(plan, plan.target);
  const parts = [`${bytes.toLocaleString('en-US')} bytes`];
  if (loss?.measuredAt) {
    const stopped = loss.lastContactAt && loss.lastContactAt >= loss.measuredAt
      ? ` (${formatMs(loss.lastContactAt - loss.measuredAt)} before ${oldName} was first seen not answering, at ${formatClock(loss.lastContactAt)})`
      : '';
    parts.push(`not on ${candidate} as of the reading of ${oldName} at ${formatClock(loss.measuredAt)}${stopped}`);
  } else {
    parts.push(`not on ${candidate}`);
  }
  return {
    bytes,
    headline: `at least ${formatBytes(bytes)}`,
    detail: `${parts.join(' ')}; writes committed on ${oldName} after that reading are unknown`,
  };
}
