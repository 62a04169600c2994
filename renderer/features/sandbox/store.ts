import { create } from 'zustand';
import type { DeskApi } from '../../../shared/ipc/api';
import type { SandboxFault } from '../../../shared/ipc/sandbox';
import { assertNever } from '../../../shared/result';

/** The last fault injected from the toolbar and what came of it. */
export type FaultOutcome =
  | { kind: 'idle' }
  | { kind: 'running'; fault: SandboxFault }
  | { kind: 'done'; fault: SandboxFault; detail: string; at: number }
  /** `fault` is null when the fault was refused before it was sent (invalid input). */
  | { kind: 'failed'; fault: SandboxFault | null; reason: string; code: string; at: number };

export interface SandboxState {
  byCluster: Readonly<Record<string, FaultOutcome>>;
}

export const useSandbox = create<SandboxState>(() => ({ byCluster: {} }));

const IDLE: FaultOutcome = { kind: 'idle' };
export function outcomeOf(s: SandboxState, clusterId: string): FaultOutcome {
  return s.byCluster[clusterId] ?? IDLE;
}

function setOutcome(clusterId: string, outcome: FaultOutcome): void {
  useSandbox.setState((s) => ({ byCluster: { ...s.byCluster, [clusterId]: outcome } }));
}

/** A fault refused before sending (e.g. a delay that is not a number). */
export function rejectFault(clusterId: string, reason: string, code: string, now: () => number = Date.now): void {
  setOutcome(clusterId, { kind: 'failed', fault: null, reason, code, at: now() });
}

export async function injectFault(
  api: Pick<DeskApi, 'invoke'>,
  clusterId: string,
  fault: SandboxFault,
  now: () => number = Date.now,
): Promise<void> {
  setOutcome(clusterId, { kind: 'running', fault });
  const result = await api.invoke('sandbox:fault', { clusterId, fault });
  setOutcome(
    clusterId,
    result.ok
      ? { kind: 'done', fault, detail: result.value.detail, at: now() }
      : { kind: 'failed', fault, reason: result.reason, code: result.code, at: now() },
  );
}

/** One line describing a fault, for the result message. */
export function describeFault(fault: SandboxFault): string {
  switch (fault.kind) {
    case 'kill-node':
      return `kill ${fault.nodeId}`;
    case 'restart-node':
      return `restart ${fault.nodeId}`;
    case 'slow-link':
      return `slow link ${fault.from ?? '*'} → ${fault.to} (${fault.delayMs} ms${
        fault.bandwidthBytesPerSec === null ? '' : `, ${fault.bandwidthBytesPerSec} B/s`
      })`;
    case 'cut-link':
      return `cut link ${fault.from ?? '*'} → ${fault.to}`;
    case 'heal-link':
      return `heal link ${fault.from ?? '*'} → ${fault.to}`;
    case 'write-rate':
      return `write rate ${fault.writesPerSecond}/s`;
    case 'same-key':
      return `same key${fault.key ? ` "${fault.key}"` : ''} on ${fault.nodeIds[0]} and ${fault.nodeIds[1]}`;
    default:
      return assertNever(fault, 'fault');
  }
}
