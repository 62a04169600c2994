import { create } from 'zustand';
import type { ConnectionStatus } from '../api/types';

/** What the status bar shows about the link to the core. */
export interface ConnectionState {
  label: string;
  demo: boolean;
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
  status: { kind: 'connecting', attempt: 1 },
  lastSeq: null,
  lastDeltaAt: null,
  deltasReceived: 0,
  droppedTotal: 0,
}));

export function setTransport(label: string, demo: boolean): void {
  useConnection.setState({ label, demo });
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
