import type { SandboxFault } from '../../../shared/ipc/sandbox';
import { assertNever } from '../../../shared/result';

/** The node a fault is aimed at, if any: its own agent is the last one asked to inject it. */
export function faultTarget(fault: SandboxFault): string | null {
  switch (fault.kind) {
    case 'kill-node':
    case 'restart-node':
      return fault.nodeId;
    case 'slow-link':
    case 'cut-link':
    case 'heal-link':
      return fault.to;
    case 'write-rate':
    case 'same-key':
      return null;
    default:
      return assertNever(fault, 'fault');
  }
}

/** A line for the UI from whatever the agent answered. */
export function faultDetail(fault: SandboxFault, value: unknown): string {
  if (typeof value === 'string' && value.length > 0) return value;
  if (value && typeof value === 'object' && typeof (value as { detail?: unknown }).detail === 'string') {
    return (value as { detail: string }).detail;
  }
  return `${fault.kind} applied`;
}

/** ws://Host:80/ and ws://host:80 are the same agent. */
export function normaliseAgentUrl(url: string): string {
  try {
    const u = new URL(url);
    const path = u.pathname === '/' ? '' : u.pathname;
    return `${u.protocol}//${u.host.toLowerCase()}${path}`;
  } catch {
    return url.trim().toLowerCase();
  }
}
