import { create } from 'zustand';
import type { ConnectionStatus } from '../api/types';

/** What the status bar shows about the link to the core. */
export interface ConnectionState {
  label: string;
  demo: boolean;
  /** Browser mode: the client can end its session on the server (the "Log out" control). */
  canLogOut: boolean;
  status: ConnectionStatus;
  lastSeq: number | null;
  lastDeltaAt: number | null;
  deltasReceived: number;
  /** Sum of `dropped` over all deltas: items the core dropped because we were slow. */
  droppedTotal: number;
}

export const useConnection = create<ConnectionState>(() => ({
  label: '…',
  demo: false,
  canLogOut: false,
  status: { kind: 'connecting', attempt: 1 },
  lastSeq: null,
  lastDeltaAt: null,
  deltasReceived: 0,
  droppedTotal: 0,
}));

export function setTransport(label: string, demo: boolean, canLogOut = false): void {
  useConnection.setState({ label, demo, canLogOut });
}

/** Why the browser session ended, or null while it lives (or in the desktop app). */
export function sessionEndReason(s: Pick<ConnectionState, 'status'>): string | null {
  return s.status.kind === 'ended' ? s.status.reason : null;
}

/** "Log out" is offered only while the session can still be ended. */
export function showLogOut(s: Pick<ConnectionState, 'status' | 'canLogOut'>): boolean {
  return s.canLogOut && s.status.kind !== 'ended';
}

export function setConnectionStatus(status: ConnectionStatus): void {
  useConnection.setState({ status });
}

export function noteDelta(seq: number, at: number, dropped: number): void {
  useConnection.setState((s) => ({
    lastSeq: seq,
    lastDeltaAt: at,
    deltasReceived: s.deltasReceived + 1,
    droppedTotal: s.droppedTotal + dropped,
  }));
}
